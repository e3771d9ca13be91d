package com.threatcommand.common.problem;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What JAX-RS itself refuses: no such resource (404), method (405), media type (415 and 406), a body
 * over the limit (413), and any other {@link WebApplicationException} by its status.
 */
@Singleton
public class HttpProblemMappers {
  private static final Logger LOG = Logger.getLogger(HttpProblemMappers.class);

  private final ProblemWriter writer;
  private final InputProblemMappers input;
  private final ServiceProblemMappers service;

  HttpProblemMappers(
      ProblemWriter writer, InputProblemMappers input, ServiceProblemMappers service) {
    this.writer = writer;
    this.input = input;
    this.service = service;
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, HttpServerRequest request) {
    return writer.respond(
        request, 404, "not-found", "Not found", "No resource at this path.", Map.of(), null);
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
    String allow = String.join(", ", e.getResponse().getAllowedMethods());
    return writer.respond(
        request,
        405,
        "method-not-allowed",
        "Method not allowed",
        "This path does not accept " + request.method() + ".",
        allow.isEmpty() ? Map.of() : Map.of("Allow", allow),
        null);
  }

  @ServerExceptionMapper
  public Response unsupported(NotSupportedException e, HttpServerRequest request) {
    return writer.respond(
        request,
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "Send the body as application/json.",
        Map.of(),
        null);
  }

  @ServerExceptionMapper
  public Response notAcceptable(NotAcceptableException e, HttpServerRequest request) {
    return writer.respond(
        request,
        406,
        "not-acceptable",
        "Not acceptable",
        "This resource cannot be represented in the requested media type.",
        Map.of(),
        null);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, HttpServerRequest request) {
    // The JSON reader may wrap Jackson's own exception; answer as if it had reached us directly.
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof InputCoercionException coercion) {
        return input.numberOutOfRange(coercion, request);
      }
      if (cause instanceof DatabindException databind) {
        return input.mapping(databind, request);
      }
      if (cause instanceof StreamReadException) {
        return input.malformedJson(request);
      }
      if (cause == cause.getCause()) {
        break;
      }
    }
    int status = e.getResponse().getStatus();
    if (status == 413) {
      return writer.respond(
          request,
          413,
          "payload-too-large",
          "Payload too large",
          "The request body exceeds 64 KiB.",
          Map.of(),
          null);
    }
    if (status >= 500) {
      LOG.error("Request failed", e);
      return service.internal(request);
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    return writer.respond(
        request,
        status,
        status == 401 ? "unauthenticated" : status == 403 ? "forbidden" : "bad-request",
        known != null ? known.getReasonPhrase() : "Request failed",
        "The request could not be processed.",
        status == 401 ? AuthProblemMappers.BEARER_CHALLENGE : Map.of(),
        null);
  }
}
