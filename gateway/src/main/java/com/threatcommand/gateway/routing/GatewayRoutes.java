package com.threatcommand.gateway.routing;

import com.threatcommand.gateway.auth.Caller;
import com.threatcommand.gateway.auth.InternalTokens;
import com.threatcommand.gateway.documents.ApiGuide;
import com.threatcommand.gateway.problem.ProblemWriter;
import com.threatcommand.gateway.upstream.Forwarder;
import com.threatcommand.gateway.upstream.Upstream;
import com.threatcommand.gateway.upstream.Upstreams;
import com.threatcommand.gateway.web.Exchange;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The front door: finds the route (404 for no route or an ambiguous path, 405 for another method),
 * has {@link Authentication} establish a caller who may use it, then answers itself (credential
 * checks, identity, the API guide) or forwards to the service with an internal token. Everything
 * runs on the event loop; nothing here blocks.
 */
@Singleton
public class GatewayRoutes {
  /** Route order: after the edge handlers, before /q, static resources and the final 404. */
  public static final int ORDER = -100;

  private final Authentication authentication;
  private final InternalTokens internalTokens;
  private final Forwarder forwarder;
  private final ProblemWriter problems;
  private final Upstream subscription;
  private final Upstream credentials;
  private final ApiGuide apiGuide;

  GatewayRoutes(
      Authentication authentication,
      InternalTokens internalTokens,
      Forwarder forwarder,
      ProblemWriter problems,
      Upstreams upstreams,
      ApiGuide apiGuide) {
    this.authentication = authentication;
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
    authentication.authenticate(ctx, route, caller -> proceed(ctx, route, caller));
  }

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
}
