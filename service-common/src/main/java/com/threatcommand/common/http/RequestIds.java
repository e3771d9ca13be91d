package com.threatcommand.common.http;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an ID: the caller's {@code X-Request-Id} when it is sane, otherwise a new UUID.
 * The ID is written back on the response, put in the logging MDC (so every log line of the request
 * carries it) and stored on the request headers so that the access log can print it.
 */
@ApplicationScoped
public class RequestIds {
  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "requestId";
  private static final String CONTEXT_KEY = "tc.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(RequestIds::assign);
  }

  static void assign(RoutingContext ctx) {
    String id = ctx.request().getHeader(HEADER);
    if (id == null || !SANE.matcher(id).matches()) {
      id = UUID.randomUUID().toString();
      ctx.request().headers().set(HEADER, id);
    }
    ctx.put(CONTEXT_KEY, id);
    ctx.response().putHeader(HEADER, id);
    MDC.put(MDC_KEY, id);
    ctx.next();
  }

  /** The current request's ID, or null outside a request. */
  public static String current(RoutingContext ctx) {
    return ctx == null ? null : ctx.get(CONTEXT_KEY);
  }

  /** The current request's ID from the CDI-visible request, or null outside a request. */
  public static String current(CurrentVertxRequest request) {
    return request == null ? null : current(request.getCurrent());
  }
}
