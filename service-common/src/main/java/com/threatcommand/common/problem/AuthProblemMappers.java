package com.threatcommand.common.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 and 403 as problem+json: no token, a token that fails verification, a missing group. */
@Singleton
public class AuthProblemMappers {
  static final Map<String, String> BEARER_CHALLENGE = Map.of("WWW-Authenticate", "Bearer");

  private final ProblemWriter writer;

  AuthProblemMappers(ProblemWriter writer) {
    this.writer = writer;
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e, HttpServerRequest request) {
    return writer.respond(
        request,
        401,
        "unauthenticated",
        "Authentication required",
        "A valid bearer token is required.",
        BEARER_CHALLENGE,
        null);
  }

  @ServerExceptionMapper
  public Response authenticationFailed(
      AuthenticationFailedException e, HttpServerRequest request) {
    return writer.respond(
        request,
        401,
        "unauthenticated",
        "Authentication required",
        "The bearer token is missing, invalid or expired.",
        BEARER_CHALLENGE,
        null);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return writer.respond(
        request,
        403,
        "forbidden",
        "Forbidden",
        "Your credentials do not allow this operation.",
        Map.of(),
        null);
  }
}
