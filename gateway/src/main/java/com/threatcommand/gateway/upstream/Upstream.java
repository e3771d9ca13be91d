package com.threatcommand.gateway.upstream;

import io.vertx.core.http.HttpClient;
import io.vertx.core.net.SocketAddress;

/** One service behind the gateway: where it is, its audience, and its keep-alive pool. */
public record Upstream(
    String name, String audience, String host, int port, boolean ssl, SocketAddress address, HttpClient client) {}
