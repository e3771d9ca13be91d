package com.threatcommand.gateway.security;

import com.threatcommand.gateway.problem.ProblemWriter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the origins in {@code CORS_ORIGINS}. A preflight from another origin gets a 403 problem;
 * a plain request from another origin goes through without CORS headers, so the browser keeps its
 * answer from the page (a same-origin SPA sends {@code Origin} on POST too and must not be refused).
 */
public final class Cors {
  static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
  static final String ALLOWED_HEADERS =
      "authorization, content-type, idempotency-key, x-request-id, accept";
  static final Set<String> ALLOWED_HEADER_SET =
      Set.of("authorization", "content-type", "idempotency-key", "x-request-id", "accept");
  static final String EXPOSED_HEADERS =
      "X-Request-Id, Retry-After, Idempotent-Replayed, Location, Content-Disposition, WWW-Authenticate";

  private final Set<String> origins;
  private final String maxAge;
  private final ProblemWriter problems;

  public Cors(List<String> origins, long maxAgeSeconds, ProblemWriter problems) {
    this.origins = Set.copyOf(origins.stream().map(Cors::trimSlash).toList());
    this.maxAge = Long.toString(maxAgeSeconds);
    this.problems = problems;
  }

  private static String trimSlash(String origin) {
    String trimmed = origin.trim();
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      ctx.next();
      return;
    }
    HttpServerResponse response = ctx.response();
    response.headers().add(HttpHeaders.VARY, "Origin");
    boolean allowed = origins.contains(origin);
    boolean preflight =
        ctx.request().method() == HttpMethod.OPTIONS
            && ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    if (preflight) {
      if (!allowed || !requestedHeadersAllowed(ctx)) {
        problems.end(
            ctx, 403, "forbidden", "Forbidden", "Cross-origin requests from this origin are not allowed.");
        return;
      }
      response
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge)
          .setStatusCode(204)
          .end();
      return;
    }
    if (allowed) {
      response
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
          .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
    ctx.next();
  }

  private static boolean requestedHeadersAllowed(RoutingContext ctx) {
    String requested = ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
    if (requested == null || requested.isBlank()) {
      return true;
    }
    for (String header : requested.split(",")) {
      String name = header.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !ALLOWED_HEADER_SET.contains(name)) {
        return false;
      }
    }
    return true;
  }
}
