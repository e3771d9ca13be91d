package com.threatcommand.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problem+json for what fails before or outside JAX-RS: bodies over the limit, paths no resource
 * serves, and failures raised by the HTTP layer itself.
 */
@ApplicationScoped
public class EdgeRoutes {
  private static final Logger LOG = Logger.getLogger(EdgeRoutes.class);

  private final ProblemWriter problems;
  private final long maxBodyBytes;

  EdgeRoutes(
      ProblemWriter problems,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
    this.problems = problems;
    this.maxBodyBytes = maxBody.asLongValue();
  }

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE + 1).handler(this::rejectDeclaredOversize);
    router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    router.route().order(Integer.MAX_VALUE).handler(this::notFound);
  }

  private void rejectDeclaredOversize(RoutingContext ctx) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
          tooLarge(ctx);
          return;
        }
      } catch (NumberFormatException e) {
        problems.end(ctx, 400, "bad-request", "Bad request", "Invalid Content-Length header.");
        return;
      }
    }
    ctx.next();
  }

  private void tooLarge(RoutingContext ctx) {
    problems.end(
        ctx,
        413,
        "payload-too-large",
        "Payload too large",
        "The request body exceeds " + (maxBodyBytes / 1024) + " KiB.");
  }

  private void notFound(RoutingContext ctx) {
    problems.end(ctx, 404, "not-found", "Not found", "No resource at this path.");
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      tooLarge(ctx);
    } else if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      problems.end(
          ctx,
          401,
          "unauthenticated",
          "Authentication required",
          "The bearer token is missing, invalid or expired.");
    } else if (status == 403) {
      problems.end(
          ctx, 403, "forbidden", "Forbidden", "Your credentials do not allow this operation.");
    } else if (status == 404) {
      notFound(ctx);
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
