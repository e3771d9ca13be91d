package com.threatcommand.gateway.routing;

import com.threatcommand.gateway.auth.AuthenticationFailed;
import com.threatcommand.gateway.auth.Caller;
import com.threatcommand.gateway.auth.IdpIdentity;
import com.threatcommand.gateway.auth.IdpTokens;
import com.threatcommand.gateway.auth.KeyVerifier;
import com.threatcommand.gateway.auth.LoginLimiter;
import com.threatcommand.gateway.problem.ProblemWriter;
import com.threatcommand.gateway.upstream.UpstreamFailure;
import com.threatcommand.gateway.web.Exchange;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Who the caller of a route is, from the credential the route asks for: the identity provider's
 * JWT ({@code Bearer}) on /api, Basic {@code accountId:key} on /public and /appliance. A caller who
 * may use the route is handed on; every other request is answered here (401, 403, 429 for too
 * many failed logins, 503 while keys cannot be verified). Nothing here blocks.
 */
@Singleton
class Authentication {
  private static final Logger LOG = Logger.getLogger(Authentication.class);
  private static final int MAX_AUTHORIZATION_LENGTH = 16 * 1024;

  private final IdpTokens idpTokens;
  private final KeyVerifier keys;
  private final LoginLimiter limiter;
  private final ProblemWriter problems;

  Authentication(IdpTokens idpTokens, KeyVerifier keys, LoginLimiter limiter, ProblemWriter problems) {
    this.idpTokens = idpTokens;
    this.keys = keys;
    this.limiter = limiter;
    this.problems = problems;
  }

  /** Calls {@code proceed} with the verified caller, on the event loop, or answers the request. */
  void authenticate(RoutingContext ctx, Route route, Consumer<Caller> proceed) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.length() > MAX_AUTHORIZATION_LENGTH) {
      authorization = null;
    }
    if (route.access().bearer()) {
      bearer(ctx, route, authorization, proceed);
    } else {
      basic(ctx, route, authorization, proceed);
    }
  }

  // --- identity provider JWT -----------------------------------------------------------------

  private void bearer(RoutingContext ctx, Route route, String authorization, Consumer<Caller> proceed) {
    String token = credential(authorization, "Bearer ");
    if (token == null) {
      unauthenticated(ctx, route, "A bearer token from the identity provider is required.");
      return;
    }
    Future<IdpIdentity> verified = idpTokens.verify(token);
    if (verified.isComplete()) {
      afterBearer(ctx, route, verified, proceed);
    } else {
      verified.onComplete(ar -> afterBearer(ctx, route, verified, proceed));
    }
  }

  private void afterBearer(
      RoutingContext ctx, Route route, Future<IdpIdentity> verified, Consumer<Caller> proceed) {
    if (verified.failed()) {
      unauthenticated(ctx, route, "The bearer token is invalid or expired.");
      return;
    }
    IdpIdentity identity = verified.result();
    if (identity.groups().isEmpty()) {
      unauthenticated(ctx, route, "The bearer token carries no group.");
      return;
    }
    if (!identity.groups().contains(route.access().group)) {
      Exchange.of(ctx).callerKind = identity.groups().iterator().next();
      problems.end(ctx, 403, "forbidden", "Forbidden", "Your credentials do not allow this operation.");
      return;
    }
    String accountId = null;
    if (route.access() == Access.ADMIN) {
      accountId = identity.accountId();
      if (accountId == null || !AccountIds.valid(accountId)) {
        unauthenticated(ctx, route, "The bearer token names no valid account.");
        return;
      }
    }
    Caller caller =
        new Caller(
            route.access().group,
            identity.subject(),
            accountId,
            identity.email(),
            identity.name(),
            null);
    proceed.accept(caller);
  }

  // --- Basic accountId:key ----------------------------------------------------------------------

  private void basic(RoutingContext ctx, Route route, String authorization, Consumer<Caller> proceed) {
    String encoded = credential(authorization, "Basic ");
    if (encoded == null) {
      unauthenticated(ctx, route, "Basic credentials (accountId:key) are required.");
      return;
    }
    String client = client(ctx.request());
    long retryAfter = limiter.retryAfterSeconds(client);
    if (retryAfter > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
      problems.end(
          ctx,
          429,
          "rate-limited",
          "Too many requests",
          "Too many failed logins from this client. Retry after " + retryAfter + " s.");
      return;
    }
    String accountId;
    String key;
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      accountId = colon < 0 ? "" : decoded.substring(0, colon);
      key = colon < 0 ? "" : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      accountId = "";
      key = "";
    }
    if (!AccountIds.valid(accountId) || key.isEmpty()) {
      limiter.failed(client);
      unauthenticated(ctx, route, "The account ID or key is not valid.");
      return;
    }
    Future<Caller> verified = keys.verify(accountId, key);
    if (verified.isComplete()) {
      afterBasic(ctx, route, client, verified, proceed);
    } else {
      verified.onComplete(ar -> afterBasic(ctx, route, client, verified, proceed));
    }
  }

  private void afterBasic(
      RoutingContext ctx, Route route, String client, Future<Caller> verified, Consumer<Caller> proceed) {
    if (verified.failed()) {
      Throwable cause = verified.cause();
      if (cause instanceof KeyVerifier.Unavailable unavailable) {
        upstreamFailure(ctx, unavailable.failure);
        return;
      }
      if (!(cause instanceof AuthenticationFailed)) {
        LOG.error("Key verification failed unexpectedly", cause);
      }
      limiter.failed(client);
      unauthenticated(ctx, route, "The account ID or key is not valid.");
      return;
    }
    Caller caller = verified.result();
    if (!route.access().group.equals(caller.kind())) {
      // An API key on /appliance or an appliance key on /public: not a credential for this route.
      // The key itself is valid, so this is a misconfiguration, not a guess: not counted.
      unauthenticated(ctx, route, "The account ID or key is not valid.");
      return;
    }
    proceed.accept(caller);
  }

  private void unauthenticated(RoutingContext ctx, Route route, String detail) {
    ctx.response().putHeader("WWW-Authenticate", route.access().challenge);
    problems.end(ctx, 401, "unauthenticated", "Authentication required", detail);
  }

  private void upstreamFailure(RoutingContext ctx, UpstreamFailure failure) {
    if (failure.status() == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
    }
    problems.end(ctx, failure.status(), failure.slug(), failure.title(), failure.detail());
  }

  /** The credential after the scheme ("Bearer ", "Basic "), case-insensitively; null if absent. */
  private static String credential(String authorization, String scheme) {
    if (authorization == null
        || authorization.length() <= scheme.length()
        || !authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return null;
    }
    String value = authorization.substring(scheme.length()).trim();
    return value.isEmpty() ? null : value;
  }

  /** The client for the login limiter: its address (behind a trusted proxy, the forwarded one). */
  private static String client(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}
