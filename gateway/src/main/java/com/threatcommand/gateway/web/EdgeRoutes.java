package com.threatcommand.gateway.web;

import com.threatcommand.gateway.problem.ProblemWriter;
import com.threatcommand.gateway.security.Cors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What every request goes through, whatever it is for: a request ID, the access log and metrics,
 * security headers, CORS, the declared body size; and problem+json for paths nothing serves and
 * for failures of the HTTP layer itself.
 */
@Singleton
public class EdgeRoutes {
  private static final Logger LOG = Logger.getLogger(EdgeRoutes.class);
  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  /**
   * The single-page app's policy: its own scripts, styles, images and API only; no inline script or
   * style, no eval, no HTML string sinks (Trusted Types), no form submission, no framing.
   */
  static final String PAGE_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors 'none';"
          + " require-trusted-types-for 'script'; trusted-types 'none'";
  /** The metrics and access-log route name of the static files (the single-page app). */
  static final String PAGE_ROUTE = "page";
  /** Order of the handler that marks static-file requests: after the gateway's own routes. */
  private static final int PAGE_ORDER = -50;

  private final ProblemWriter problems;
  private final AccessLog accessLog;
  private final Cors cors;
  private final long maxBodyBytes;

  EdgeRoutes(ProblemWriter problems, AccessLog accessLog, GatewayConfig config) {
    this.problems = problems;
    this.accessLog = accessLog;
    this.cors =
        new Cors(
            config.cors().origins().orElse(List.of()),
            config.cors().maxAge().toSeconds(),
            problems);
    this.maxBodyBytes = config.maxBodySize().asLongValue();
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::begin);
    router.route().order(Integer.MIN_VALUE + 1).handler(cors::handle);
    router.route().order(Integer.MIN_VALUE + 2).handler(this::rejectDeclaredOversize);
    router.route().order(PAGE_ORDER).handler(EdgeRoutes::page);
    router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    router.route().order(Integer.MAX_VALUE).handler(this::notFound);
  }

  private void begin(RoutingContext ctx) {
    // Nothing reads the body until the request is authenticated and routed.
    ctx.request().pause();
    Exchange.of(ctx);
    ctx.addHeadersEndHandler(v -> securityHeaders(ctx));
    ctx.addEndHandler(v -> accessLog.record(ctx));
    RequestIds.assign(ctx);
  }

  /**
   * What reaches here was not taken by the gateway's routes or /openapi: a GET or HEAD outside /q
   * is for the static files of the single-page app (or a 404).
   */
  private static void page(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && !ctx.normalizedPath().startsWith("/q/")) {
      Exchange.of(ctx).route = PAGE_ROUTE;
    }
    ctx.next();
  }

  private static void securityHeaders(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    int status = response.getStatusCode();
    boolean page = PAGE_ROUTE.equals(Exchange.of(ctx).route) && (status == 200 || status == 304);
    if (page) {
      // The app's files have no fingerprint in their names: revalidate (304) instead of the static
      // handler's day-long immutable caching, so that a new release is picked up at once.
      response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
    if (!response.headers().contains("Content-Security-Policy")) {
      response.putHeader("Content-Security-Policy", page ? PAGE_CSP : API_CSP);
    }
  }

  private void rejectDeclaredOversize(RoutingContext ctx) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        problems.end(ctx, 400, "bad-request", "Bad request", "Invalid Content-Length header.");
        return;
      }
      if (declared > maxBodyBytes) {
        tooLarge(ctx);
        return;
      }
    }
    ctx.next();
  }

  /** 413, and the connection is closed: the rest of the body is not worth reading. */
  public void tooLarge(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    problems.end(
        ctx,
        413,
        "payload-too-large",
        "Payload too large",
        "The request body exceeds " + (maxBodyBytes / 1024) + " KiB.");
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  private void notFound(RoutingContext ctx) {
    if (PAGE_ROUTE.equals(Exchange.of(ctx).route)) {
      Exchange.of(ctx).route = "unmatched";
    }
    problems.end(ctx, 404, "not-found", "Not found", "No resource at this path.");
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      tooLarge(ctx);
    } else if (status == 404) {
      notFound(ctx);
    } else if (status == 405) {
      problems.end(ctx, 405, "method-not-allowed", "Method not allowed", "This path does not accept this method.");
    } else if (status > 0 && status < 500) {
      problems.end(ctx, status, "bad-request", "Bad request", "The request could not be processed.");
    } else {
      if (ctx.failure() != null) {
        LOG.error("Request failed", ctx.failure());
      }
      problems.end(
          ctx,
          500,
          "internal-error",
          "Internal error",
          "Something went wrong on our side. Quote the request ID when you contact support.");
    }
  }
}
