package com.threatcommand.gateway.support;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP server standing in for a service in the gateway-only tests. It records what it
 * received (headers included, so tests can check the internal token and that the caller's
 * credentials never arrive), echoes a small JSON answer, and can be made slow or stopped and
 * started again on the same port. The credentials flavour also answers the key verification and
 * serves a revocation stream (server-sent events) that tests drive.
 */
public final class FakeService {
  /** One request as the service saw it. */
  public record Received(String method, String uri, MultiMap headers, Buffer body) {
    public String path() {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }
  }

  private final Vertx vertx;
  private final String name;
  private final String openapi;
  private volatile HttpServer server;
  private int port;

  public final List<Received> received = new CopyOnWriteArrayList<>();
  public volatile long delayMillis;
  public volatile long verifyDelayMillis;
  /** When set, the verify endpoint answers with this status and a problem body (0: it verifies). */
  public volatile int verifyStatus;

  // credentials-service only
  public final Map<String, JsonObject> keys = new ConcurrentHashMap<>();
  public final AtomicInteger verifyCalls = new AtomicInteger();
  public final AtomicInteger streamConnections = new AtomicInteger();
  public final List<HttpServerResponse> streams = new CopyOnWriteArrayList<>();
  public volatile boolean streamAvailable = true;
  public volatile boolean pings = true;

  FakeService(Vertx vertx, String name, String openapiResource) {
    this.vertx = vertx;
    this.name = name;
    this.openapi = resource(openapiResource);
    vertx.setPeriodic(
        1000,
        id -> {
          if (pings) {
            broadcast("ping", "{}");
          }
        });
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://localhost:" + port;
  }

  public synchronized void start() {
    if (server != null) {
      return;
    }
    HttpServer created = vertx.createHttpServer().requestHandler(this::handle);
    listenWhenFree("fake " + name, port, created::listen);
    port = created.actualPort();
    server = created;
  }

  /**
   * Calls {@code listen} on {@code port} until it succeeds (at most 10 s): the port of a server
   * just closed may take a moment to be free.
   */
  public static void listenWhenFree(String what, int port, IntFunction<Future<?>> listen) {
    await(what + " listening on " + port)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> listen.apply(port).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS) != null);
  }

  public synchronized void stop() {
    if (server == null) {
      return;
    }
    dropStreams();
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    server = null;
  }

  public void reset() {
    start();
    received.clear();
    delayMillis = 0;
    verifyDelayMillis = 0;
    verifyStatus = 0;
    keys.clear();
    verifyCalls.set(0);
    streamAvailable = true;
    pings = true;
  }

  /** Requests that were forwarded (not health probes, OpenAPI fetches or internal calls). */
  public List<Received> forwarded() {
    return received.stream()
        .filter(r -> !r.path().startsWith("/q/") && !r.path().startsWith("/internal/"))
        .toList();
  }

  /** A key that the verify endpoint accepts. */
  public void addKey(String accountId, String key, String kind, String keyId, String expiresAt) {
    JsonObject answer =
        new JsonObject()
            .put("valid", true)
            .put("accountId", accountId)
            .put("kind", kind)
            .put("keyId", keyId)
            .put("expiresAt", expiresAt);
    keys.put(accountId + ":" + key, answer);
  }

  /** The key stops working: verification refuses it and a revoked event is sent. */
  public void revoke(String accountId, String keyId) {
    keys.values().removeIf(answer -> keyId.equals(answer.getString("keyId")));
    broadcast(
        "revoked",
        new JsonObject()
            .put("keyId", keyId)
            .put("accountId", accountId)
            .put("kind", "api-key")
            .put("at", java.time.Instant.now().toString())
            .encode());
  }

  /** The key stops working but no event is sent (as if the event were lost). */
  public void revokeSilently(String keyId) {
    keys.values().removeIf(answer -> keyId.equals(answer.getString("keyId")));
  }

  public void dropStreams() {
    for (HttpServerResponse stream : streams) {
      stream.reset();
    }
    streams.clear();
  }

  public void broadcast(String event, String data) {
    Buffer frame = Buffer.buffer("event: " + event + "\ndata: " + data + "\n\n");
    for (HttpServerResponse stream : streams) {
      vertx.runOnContext(v -> {
        if (!stream.closed()) {
          stream.write(frame);
        }
      });
    }
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              received.add(
                  new Received(
                      request.method().name(),
                      request.uri(),
                      MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                      body));
              String path = request.path();
              if (path.equals("/q/health/live")) {
                json(request.response(), 200, new JsonObject().put("status", "UP"));
              } else if (path.equals("/q/openapi")) {
                request.response().putHeader("Content-Type", "application/json").end(openapi);
              } else if (path.equals("/internal/v1/keys/verify")) {
                if (verifyDelayMillis > 0) {
                  vertx.setTimer(verifyDelayMillis, id -> verify(request, body));
                } else {
                  verify(request, body);
                }
              } else if (path.equals("/internal/v1/keys/revocations")) {
                revocations(request);
              } else if (delayMillis > 0) {
                vertx.setTimer(delayMillis, id -> echo(request, body));
              } else {
                echo(request, body);
              }
            });
  }

  private void echo(HttpServerRequest request, Buffer body) {
    if (request.response().closed()) {
      return;
    }
    if (request.path().endsWith("/huge")) {
      // 64 MiB, written only as fast as it is taken: more than the kernel's buffers hold
      HttpServerResponse response = request.response().setChunked(true);
      response.putHeader("Content-Type", "application/octet-stream");
      Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
      int[] left = {1024};
      Runnable[] pump = new Runnable[1];
      pump[0] =
          () -> {
            while (left[0] > 0 && !response.writeQueueFull() && !response.closed()) {
              left[0]--;
              response.write(chunk);
            }
            if (left[0] == 0) {
              response.end();
            } else if (!response.closed()) {
              response.drainHandler(v -> pump[0].run());
            }
          };
      pump[0].run();
      return;
    }
    if (request.path().endsWith("/large")) {
      HttpServerResponse response = request.response().setChunked(true);
      response.putHeader("Content-Type", "application/octet-stream");
      Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
      for (int i = 0; i < 32; i++) {
        response.write(chunk);
      }
      response.end();
      return;
    }
    JsonObject answer =
        new JsonObject()
            .put("service", name)
            .put("method", request.method().name())
            .put("path", request.path())
            .put("bodyLength", body.length());
    request.response().putHeader("Set-Cookie", "upstream=1");
    request.response().putHeader("X-Request-Id", "upstream-would-say-this");
    json(request.response(), request.method().name().equals("POST") ? 201 : 200, answer);
  }

  private void verify(HttpServerRequest request, Buffer body) {
    verifyCalls.incrementAndGet();
    if (verifyStatus != 0) {
      json(request.response(), verifyStatus, new JsonObject().put("status", verifyStatus).put("title", "Service unavailable"));
      return;
    }
    JsonObject in = body.toJsonObject();
    JsonObject answer = keys.get(in.getString("accountId") + ":" + in.getString("key"));
    json(request.response(), 200, answer != null ? answer : new JsonObject().put("valid", false));
  }

  private void revocations(HttpServerRequest request) {
    streamConnections.incrementAndGet();
    if (!streamAvailable) {
      request.response().setStatusCode(503).end();
      return;
    }
    HttpServerResponse response = request.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream");
    response.write("event: ready\ndata: {}\n\n");
    streams.add(response);
    response.closeHandler(v -> streams.remove(response));
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  private static String resource(String name) {
    try (InputStream in = FakeService.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("Missing test resource " + name, e);
    }
  }
}
