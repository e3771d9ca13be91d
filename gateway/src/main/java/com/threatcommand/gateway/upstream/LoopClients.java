package com.threatcommand.gateway.upstream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.impl.VertxInternal;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service's keep-alive pool, one per event loop. Vert.x hands a pooled connection to whichever
 * event loop asks, so with one shared pool a request accepted on one loop was written, and its
 * answer read, on another: every exchange crossed threads four times (the benchmark's profile:
 * 28 % of the gateway's CPU in handed-over tasks). With a pool per loop, a request is accepted,
 * forwarded and answered on one thread. Calls from outside an event loop (start-up, workers) use a
 * pool of their own.
 */
final class LoopClients {
  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final ThreadLocal<HttpClient> perLoop = new ThreadLocal<>();
  private final List<HttpClient> all = new CopyOnWriteArrayList<>();
  private final HttpClient shared;
  private final HttpClient fresh;

  LoopClients(Vertx vertx, HttpClientOptions options, int maxConnections) {
    this.vertx = vertx;
    this.options = options;
    // The total stays what the operator set, shared out over the loops.
    int loops = Math.max(1, eventLoops(vertx));
    this.pool = new PoolOptions().setHttp1MaxSize(Math.max(1, (maxConnections + loops - 1) / loops));
    this.shared = create();
    // Never reuses a connection: for a request sent again because a pooled one closed under it.
    this.fresh =
        vertx.createHttpClient(
            new HttpClientOptions(options).setKeepAlive(false), new PoolOptions().setHttp1MaxSize(maxConnections));
    all.add(fresh);
  }

  /** The pool of the calling event loop (created on its first use), or the shared one. */
  HttpClient current() {
    if (!Context.isOnEventLoopThread()) {
      return shared;
    }
    HttpClient client = perLoop.get();
    if (client == null) {
      client = create();
      perLoop.set(client);
    }
    return client;
  }

  /** A client that opens a new connection for each request, and closes it after. */
  HttpClient fresh() {
    return fresh;
  }

  void close() {
    for (HttpClient client : all) {
      client.close();
    }
  }

  private HttpClient create() {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(options), pool);
    all.add(client);
    return client;
  }

  private static int eventLoops(Vertx vertx) {
    if (!(vertx instanceof VertxInternal internal)) {
      return 1;
    }
    int count = 0;
    for (EventExecutor ignored : internal.getEventLoopGroup()) {
      count++;
    }
    return count;
  }
}
