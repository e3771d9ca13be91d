package com.threatcommand.gateway.web;

import io.vertx.ext.web.RoutingContext;

/**
 * What the access log and the metrics need to know about a request, filled in as it is handled:
 * which route it matched and who the caller turned out to be. Never holds a credential.
 */
public final class Exchange {
  private static final String KEY = "tc.exchange";

  public final long startNanos = System.nanoTime();
  public String route = "unmatched";
  public String callerKind = "anonymous";
  public String accountId;

  public static Exchange of(RoutingContext ctx) {
    Exchange exchange = ctx.get(KEY);
    if (exchange == null) {
      exchange = new Exchange();
      ctx.put(KEY, exchange);
    }
    return exchange;
  }
}
