package com.threatcommand.gateway.upstream;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/** One service behind the gateway: where it is, its audience, and its keep-alive pools. */
public record Upstream(
    String name, String audience, String host, int port, boolean ssl, SocketAddress address, LoopClients clients) {

  /** The keep-alive pool of the calling event loop: see {@link LoopClients}. */
  public HttpClient client() {
    return clients.current();
  }

  /** A new connection for each request, never a pooled one: see {@link Forwarder#forward}. */
  public HttpClient freshConnection() {
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
