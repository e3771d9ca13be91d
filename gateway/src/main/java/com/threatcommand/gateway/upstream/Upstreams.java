package com.threatcommand.gateway.upstream;

import com.threatcommand.gateway.auth.InternalTokens;
import com.threatcommand.gateway.web.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

  Upstreams(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    GatewayConfig.Upstreams upstreams = config.upstreams();
    this.subscription =
        create(
            vertx,
            registry,
            upstreams,
            "subscription-service",
            InternalTokens.SUBSCRIPTION,
            // every write of subscription-service's takes an Idempotency-Key and, given one, stores
            // its answer under it (API.md: debits, grants, usage, Get More; the PUT is idempotent)
            true,
            upstreams
                .subscription()
                .orElseThrow(() -> new IllegalStateException("SUBSCRIPTION_SERVICE_URL is not set")));
    this.credentials =
        create(
            vertx,
            registry,
            upstreams,
            "credentials-service",
            InternalTokens.CREDENTIALS,
            // key generation and rotation ignore an Idempotency-Key: never sent twice
            false,
            upstreams
                .credentials()
                .orElseThrow(() -> new IllegalStateException("CREDENTIALS_SERVICE_URL is not set")));
  }

  private static Upstream create(
      Vertx vertx,
      MeterRegistry registry,
      GatewayConfig.Upstreams config,
      String name,
      String audience,
      boolean keepsIdempotencyKeys,
      String url) {
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
    Counter resent =
        Counter.builder("gateway.upstream.resent")
            .description("Requests sent again, on a new connection, after the service closed theirs under them")
            .tag("upstream", name)
            .register(registry);
    return new Upstream(
        name,
        audience,
        uri.getHost(),
        port,
        ssl,
        keepsIdempotencyKeys,
        SocketAddress.inetSocketAddress(port, uri.getHost()),
        clients,
        resent);
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
