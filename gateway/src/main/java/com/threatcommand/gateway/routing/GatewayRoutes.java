package com.threatcommand.gateway.routing;

import com.threatcommand.gateway.auth.AuthenticationFailed;
import com.threatcommand.gateway.auth.Caller;
import com.threatcommand.gateway.auth.IdpIdentity;
import com.threatcommand.gateway.auth.IdpTokens;
import com.threatcommand.gateway.auth.InternalTokens;
import com.threatcommand.gateway.auth.KeyVerifier;
import com.threatcommand.gateway.auth.LoginLimiter;
import com.threatcommand.gateway.documents.ApiGuide;
import com.threatcommand.gateway.upstream.Forwarder;
import com.threatcommand.gateway.upstream.Upstream;
import com.threatcommand.gateway.upstream.UpstreamFailure;
import com.threatcommand.gateway.upstream.Upstreams;
import com.threatcommand.gateway.web.Exchange;
import com.threatcommand.gateway.web.ProblemWriter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The front door: finds the route, establishes who the caller is from their credential (the
 * identity provider's JWT on /api, Basic {@code accountId:key} on /public and /appliance), checks
 * that this caller may use the route, then answers itself or forwards with an internal token.
 * Everything runs on the event loop; nothing here blocks.
 */
@ApplicationScoped
public class GatewayRoutes {
  private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
  /** Route order: after the edge handlers, before /q, static resources and the final 404. */
  public static final int ORDER = -100;
  private static final int MAX_AUTHORIZATION_LENGTH = 16 * 1024;

  private final IdpTokens idpTokens;
  private final KeyVerifier keys;
  private final LoginLimiter limiter;
  private final InternalTokens internalTokens;
  private final Forwarder forwarder;
  private final ProblemWriter problems;
  private final Upstream subscription;
  private final Upstream credentials;
  private final ApiGuide apiGuide;

  GatewayRoutes(
      IdpTokens idpTokens,
      KeyVerifier keys,
      LoginLimiter limiter,
      InternalTokens internalTokens,
      Forwarder forwarder,
      ProblemWriter problems,
      Upstreams upstreams,
      ApiGuide apiGuide) {
    this.idpTokens = idpTokens;
    this.keys = keys;
    this.limiter = limiter;
    this.internalTokens = internalTokens;
    this.forwarder = forwarder;
    this.problems = problems;
    this.subscription = upstreams.subscription();
    this.credentials = upstreams.credentials();
    this.apiGuide = apiGuide;
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::handle);
  }

  void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    Route route = RouteTable.match(path);
    if (route == null) {
      ctx.next();
      return;
    }
    if (route == RouteTable.NOT_FOUND || ambiguous(ctx.request().path())) {
      problems.end(ctx, 404, "not-found", "Not found", "No resource at this path.");
      return;
    }
    Exchange exchange = Exchange.of(ctx);
    exchange.route = route.id();
    if (route.methods() != null && !route.methods().contains(ctx.request().method())) {
      ctx.response().putHeader(HttpHeaders.ALLOW, route.allow());
      problems.end(
          ctx,
          405,
          "method-not-allowed",
          "Method not allowed",
          "This path does not accept " + ctx.request().method().name() + ".");
      return;
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.length() > MAX_AUTHORIZATION_LENGTH) {
      authorization = null;
    }
    if (route.access().bearer()) {
      bearer(ctx, route, authorization);
    } else {
      basic(ctx, route, authorization);
    }
  }

  // --- identity provider JWT -----------------------------------------------------------------

  private void bearer(RoutingContext ctx, Route route, String authorization) {
    String token = credential(authorization, "Bearer ");
    if (token == null) {
      unauthenticated(ctx, route, "A bearer token from the identity provider is required.");
      return;
    }
    Future<IdpIdentity> verified = idpTokens.verify(token);
    if (verified.isComplete()) {
      afterBearer(ctx, route, verified);
    } else {
      verified.onComplete(ar -> afterBearer(ctx, route, verified));
    }
  }

  private void afterBearer(RoutingContext ctx, Route route, Future<IdpIdentity> verified) {
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
    proceed(ctx, route, caller);
  }

  // --- Basic accountId:key ----------------------------------------------------------------------

  private void basic(RoutingContext ctx, Route route, String authorization) {
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
      afterBasic(ctx, route, client, verified);
    } else {
      verified.onComplete(ar -> afterBasic(ctx, route, client, verified));
    }
  }

  private void afterBasic(RoutingContext ctx, Route route, String client, Future<Caller> verified) {
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
    proceed(ctx, route, caller);
  }

  // --- after authentication ----------------------------------------------------------------------

  private void proceed(RoutingContext ctx, Route route, Caller caller) {
    Exchange exchange = Exchange.of(ctx);
    exchange.callerKind = caller.kind();
    exchange.accountId = caller.accountId();
    switch (route.target()) {
      case TEST_CREDENTIALS -> {
        ctx.request().resume();
        ctx.response()
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
            .setStatusCode(200)
            .end();
      }
      case IDENTITY -> {
        ctx.request().resume();
        ctx.response()
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .setStatusCode(200)
            .end(
                new JsonObject()
                    .put("accountId", caller.accountId())
                    .put("keyId", caller.keyId())
                    .toBuffer());
      }
      case API_GUIDE -> apiGuide.serve(ctx);
      case SUBSCRIPTION -> forward(ctx, route, caller, subscription);
      case CREDENTIALS -> forward(ctx, route, caller, credentials);
    }
  }

  private void forward(RoutingContext ctx, Route route, Caller caller, Upstream upstream) {
    String token = internalTokens.tokenFor(caller, upstream.audience());
    String query = ctx.request().query();
    String path = ctx.normalizedPath();
    String uri = query == null ? path : path + '?' + query;
    forwarder.forward(ctx, upstream, token, uri, route.secret());
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

  /**
   * An encoded slash, backslash or dot, or a literal backslash: no path of the API needs one, and a
   * service that decoded it differently from the gateway could be led to a path the gateway never
   * routed (say, /internal). Such paths are not served.
   */
  static boolean ambiguous(String rawPath) {
    if (rawPath.indexOf('\\') >= 0) {
      return true;
    }
    for (int i = rawPath.indexOf('%'); i >= 0 && i + 2 < rawPath.length(); i = rawPath.indexOf('%', i + 1)) {
      char high = rawPath.charAt(i + 1);
      char low = Character.toLowerCase(rawPath.charAt(i + 2));
      if ((high == '2' && (low == 'f' || low == 'e')) || (high == '5' && low == 'c')) {
        return true;
      }
    }
    return false;
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
