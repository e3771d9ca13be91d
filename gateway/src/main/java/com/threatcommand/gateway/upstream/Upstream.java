package com.threatcommand.gateway.upstream;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * One service behind the gateway: where it is, its audience, whether it keeps the outcome of a
 * write under the caller's {@code Idempotency-Key} (then such a write can be sent to it again, see
 * {@link Forwarder#forward}), its keep-alive pools, and the count of requests sent to it again
 * ({@code gateway.upstream.resent}).
 */
public record Upstream(
    String name,
    String audience,
    String host,
    int port,
    boolean ssl,
    boolean keepsIdempotencyKeys,
    SocketAddress address,
    LoopClients clients,
    Counter resent) {

  /** The keep-alive pool of the calling event loop: see {@link LoopClients}. */
  public HttpClient client() {
    return clients.current();
  }

  /**
   * For a request sent again because its pooled connection closed under it (see {@link
   * Forwarder#forward}): counts it, and gives a client that opens a new connection, never a pooled
   * one, which may be closing too.
   */
  public HttpClient resendClient() {
    resent.increment();
    return clients.fresh();
  }

  /** A request of the gateway's own to this service (a probe, a document, a key check). */
  public RequestOptions request(HttpMethod method, String uri) {
    return new RequestOptions()
        .setMethod(method)
        .setServer(address)
        .setHost(host)
        .setPort(port)
        .setSsl(ssl)
        .setURI(uri);
  }
}
