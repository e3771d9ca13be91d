package com.threatcommand.gateway.upstream;

import com.threatcommand.gateway.auth.InternalTokens;
import com.threatcommand.gateway.web.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;

/** The two services behind the gateway, each with its own keep-alive connection pools. */
@Singleton
@io.quarkus.runtime.Startup
public class Upstreams {
  private final Upstream subscription;
  private final Upstream credentials;

  Upstreams(Vertx vertx, GatewayConfig config) {
    GatewayConfig.Upstreams upstreams = config.upstreams();
    this.subscription =
        create(
            vertx,
            upstreams,
            "subscription-service",
            InternalTokens.SUBSCRIPTION,
            upstreams
                .subscription()
                .orElseThrow(() -> new IllegalStateException("SUBSCRIPTION_SERVICE_URL is not set")));
    this.credentials =
        create(
            vertx,
            upstreams,
            "credentials-service",
            InternalTokens.CREDENTIALS,
            upstreams
                .credentials()
                .orElseThrow(() -> new IllegalStateException("CREDENTIALS_SERVICE_URL is not set")));
  }

  private static Upstream create(
      Vertx vertx, GatewayConfig.Upstreams config, String name, String audience, String url) {
    URI uri = URI.create(url.trim());
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    if (!ssl && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalStateException(name + " URL must be http(s)://host[:port], got " + url);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    HttpClientOptions options =
        new HttpClientOptions()
            .setSsl(ssl)
            .setKeepAlive(true)
            .setKeepAliveTimeout((int) Math.max(1, config.keepAliveTimeout().toSeconds()))
            .setConnectTimeout((int) config.connectTimeout().toMillis())
            .setTcpNoDelay(true)
            .setDecompressionSupported(false)
            .setName("upstream-" + name);
    LoopClients clients = new LoopClients(vertx, options, config.maxPoolSize());
    return new Upstream(
        name, audience, uri.getHost(), port, ssl, SocketAddress.inetSocketAddress(port, uri.getHost()), clients);
  }

  public Upstream subscription() {
    return subscription;
  }

  public Upstream credentials() {
    return credentials;
  }

  void stop(@Observes ShutdownEvent event) {
    subscription.clients().close();
    credentials.clients().close();
  }
}
