package com.threatcommand.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;

/**
 * Starts, before the gateway boots, real HTTP servers for the two services and for the identity
 * provider's JWKS, and points the gateway at them.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {
  private static Vertx vertx;
  public static FakeService subscription;
  public static FakeService credentials;
  private static HttpServer idp;
  public static final AtomicInteger jwksFetches = new AtomicInteger();
  public static final List<JsonWebKey> rotatedInKeys = new CopyOnWriteArrayList<>();

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    subscription = new FakeService(vertx, "subscription-service", "fake-openapi/subscription.json");
    credentials = new FakeService(vertx, "credentials-service", "fake-openapi/credentials.json");
    subscription.start();
    credentials.start();
    idp =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  jwksFetches.incrementAndGet();
                  request
                      .response()
                      .putHeader("Content-Type", "application/jwk-set+json")
                      .end(Idp.jwks(rotatedInKeys));
                });
    try {
      idp.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "gateway.upstreams.subscription", subscription.url(),
        "gateway.upstreams.credentials", credentials.url(),
        "mp.jwt.verify.publickey.location", "http://localhost:" + idp.actualPort() + "/jwks");
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close();
    }
  }

  /** Every test starts from running, fast, empty fakes. */
  public static void reset() {
    subscription.reset();
    credentials.reset();
    rotatedInKeys.clear();
  }
}
