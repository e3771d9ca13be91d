package com.threatcommand.gateway.web;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.MDC;

/**
 * Gives every request an ID: the caller's {@code X-Request-Id} when it is sane, otherwise a new
 * UUID. The ID goes back on the response, into the logging MDC and, set on the request headers, to
 * the upstream service.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "requestId";
  private static final String CONTEXT_KEY = "tc.requestId";

  private RequestIds() {}

  static void assign(RoutingContext ctx) {
    String id = ctx.request().getHeader(HEADER);
    if (id == null || !sane(id)) {
      id = newId();
      ctx.request().headers().set(HEADER, id);
    }
    ctx.put(CONTEXT_KEY, id);
    ctx.response().putHeader(HEADER, id);
    MDC.put(MDC_KEY, id);
    ctx.next();
  }

  /** 1..128 characters of {@code [A-Za-z0-9._:@/+=-]}; checked without a regex on the hot path. */
  static boolean sane(String id) {
    int length = id.length();
    if (length == 0 || length > 128) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '@'
              || c == '/'
              || c == '+'
              || c == '='
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A random (version 4) UUID without the lock of SecureRandom: request IDs are not secrets. */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** The current request's ID, or null outside a request. */
  public static String current(RoutingContext ctx) {
    return ctx == null ? null : ctx.get(CONTEXT_KEY);
  }
}
