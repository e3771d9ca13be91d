package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.gateway.support.ClosingKeepAlive;
import com.threatcommand.gateway.support.FakeService;
import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.Idp;
import com.threatcommand.gateway.support.StandIn;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy itself: what reaches a service and what does not, streaming both ways, the body limit
 * on chunked uploads, and failures of a service (down: 503, slow: 504, back: served again without
 * a restart of the gateway).
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class ProxyTest {
  static final String ACCOUNT = "5f1e2d3c4b5a697887766554";
  /** A client-side limit well above the gateway's timeouts: a hanging gateway fails the test. */
  static final RestAssuredConfig BOUNDED =
      RestAssuredConfig.config()
          .httpClient(
              HttpClientConfig.httpClientConfig()
                  .setParam("http.socket.timeout", 10_000)
                  .setParam("http.connection.timeout", 10_000));

  static Vertx vertx;
  static HttpClient client;

  @TestHTTPResource("/")
  URL gateway;

  @BeforeAll
  static void startClient() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
  }

  @AfterAll
  static void stopClient() {
    vertx.close();
  }

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
  }

  @Test
  void theCallersCredentialsAndIdentityHeadersNeverReachTheService() {
    String token = Idp.admin(ACCOUNT);
    given()
        .auth()
        .oauth2(token)
        .header("Cookie", "session=abc")
        .header("Proxy-Authorization", "Basic Zm9vOmJhcg==")
        .header("Forwarded", "for=6.6.6.6;host=evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .header("X-Forwarded-Proto", "gopher")
        .header("X-Real-IP", "6.6.6.6")
        .header("X-Account-Id", "6a1e2d3c4b5a697887766001")
        .header("X-User-Id", "root")
        .header("X-Auth-Request-User", "root")
        .header("X-Internal-Token", "forged")
        .header("X-Tenant", "6a1e2d3c4b5a697887766001")
        .header("Accept-Language", "fr")
        .get("/api/v1/subscription")
        .then()
        .statusCode(200);
    FakeService.Received received = FakeUpstreams.subscription.forwarded().get(0);
    for (String header :
        new String[] {
          "Cookie", "Proxy-Authorization", "Forwarded", "X-Real-IP", "X-Account-Id", "X-User-Id",
          "X-Auth-Request-User", "X-Internal-Token", "X-Tenant"
        }) {
      assertNull(received.headers().get(header), header + " reached the service");
    }
    assertNotEquals("evil.example", received.headers().get("X-Forwarded-Host"));
    assertEquals("http", received.headers().get("X-Forwarded-Proto"));
    assertFalse(received.headers().get("Authorization").contains(token));
    assertEquals("fr", received.headers().get("Accept-Language"), "ordinary headers pass");
  }

  @Test
  void theInternalTokenIsReusedForTheSameCallerAndAudience() {
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
    // a second IdP token for the same person: same caller, same internal token
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription/credits/transactions").then().statusCode(200);
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/credentials").then().statusCode(200);
    var subscription = FakeUpstreams.subscription.forwarded();
    assertEquals(
        subscription.get(0).headers().get("Authorization"),
        subscription.get(1).headers().get("Authorization"));
    assertNotEquals(
        subscription.get(0).headers().get("Authorization"),
        FakeUpstreams.credentials.forwarded().get(0).headers().get("Authorization"),
        "a token for one service is never sent to the other");
  }

  @Test
  void pathAndQueryArriveUnchanged() {
    given()
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .urlEncodingEnabled(false)
        .get("/api/v1/subscription/credits/transactions?limit=10&cursor=abc%3D%3D")
        .then()
        .statusCode(200)
        .body("path", equalTo("/api/v1/subscription/credits/transactions"));
    assertEquals(
        "/api/v1/subscription/credits/transactions?limit=10&cursor=abc%3D%3D",
        FakeUpstreams.subscription.forwarded().get(0).uri());
  }

  @Test
  void upstreamCookiesAreDroppedAndSecretsAreNeverCached() {
    given()
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .post("/api/v1/credentials/api-key")
        .then()
        .statusCode(201)
        .header("Cache-Control", "no-store")
        .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void largeResponsesStreamThrough() {
    byte[] body =
        given()
            .auth()
            .oauth2(Idp.admin(ACCOUNT))
            .get("/api/v1/subscription/documents/large")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertEquals(2 * 1024 * 1024, body.length);
  }

  @Test
  void aChunkedBodyWithinTheLimitIsStreamedThrough() throws Exception {
    Answer response = chunkedPost(16, 1024); // 16 KiB
    assertEquals(201, response.status());
    assertEquals(16 * 1024, new io.vertx.core.json.JsonObject(response.body()).getInteger("bodyLength"));
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() throws Exception {
    Answer response = chunkedPost(100, 1024); // 100 KiB, no Content-Length
    assertEquals(413, response.status());
    assertEquals("application/problem+json", response.contentType());
    assertEquals(
        "https://problems.threatcommand.io/payload-too-large",
        new io.vertx.core.json.JsonObject(response.body()).getString("type"));
    // the service never got a complete (or any accepted) request
    assertEquals(
        0,
        FakeUpstreams.subscription.forwarded().stream().filter(r -> r.body().length() > 64 * 1024).count());
  }

  record Answer(int status, String contentType, String body) {}

  /** An admin's debit whose body, {@code chunks} chunks of {@code chunkSize} zero bytes, is chunked. */
  private Answer chunkedPost(int chunks, int chunkSize) throws Exception {
    Buffer chunk = Buffer.buffer(new byte[chunkSize]);
    return send(
            HttpMethod.POST,
            "/api/v1/subscription/credits/debits",
            null,
            request -> {
              request.setChunked(true);
              for (int i = 0; i < chunks; i++) {
                request.write(chunk);
              }
              request.end();
            })
        .get(15, TimeUnit.SECONDS);
  }

  /** An admin's read of the subscription, answered 503 with Retry-After: try again shortly. */
  static io.restassured.response.ValidatableResponse assertSubscriptionUnavailable() {
    return given()
        .config(BOUNDED)
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .get("/api/v1/subscription")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("type", equalTo("https://problems.threatcommand.io/upstream-unavailable"));
  }

  @Test
  void aServiceThatIsDownIs503AndServedAgainWhenItIsBack() {
    FakeUpstreams.subscription.stop();
    try {
      assertSubscriptionUnavailable().body("requestId", org.hamcrest.Matchers.notNullValue());
      // the other service is unaffected
      given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/credentials").then().statusCode(200);
    } finally {
      FakeUpstreams.subscription.start();
    }
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
  }

  @Test
  void aSlowServiceIs504AndFastAgainAfterwards() {
    FakeUpstreams.subscription.delayMillis = 6_000; // the test profile's request timeout is 2 s
    given()
        .config(BOUNDED)
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .get("/api/v1/subscription")
        .then()
        .statusCode(504)
        .contentType("application/problem+json")
        .body("type", equalTo("https://problems.threatcommand.io/upstream-timeout"));
    FakeUpstreams.subscription.delayMillis = 0;
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
  }

  @Test
  void aSlowCallerIsNotASlowServiceItsBodyIsForwardedInFull() throws Exception {
    // 12 bytes, one every 250 ms: 3 s, longer than the 2 s the service has to answer, shorter than
    // the 4 s the caller has for its body (test profile). The service answers at once.
    SlowAnswer answer = slowPost(12, 250);
    assertEquals(201, answer.status(), answer.text());
    assertTrue(answer.text().contains("\"bodyLength\":12"), answer.text());
  }

  @Test
  void aCallerWhoseBodyNeverEndsIs408AndTheServiceNeverGetsIt() throws Exception {
    int before = FakeUpstreams.subscription.forwarded().size();
    long start = System.nanoTime();
    SlowAnswer answer = slowPost(40, 250); // 10 s of body, over the 4 s allowed
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(408, answer.status(), answer.text());
    assertTrue(answer.text().contains("application/problem+json"), answer.text());
    assertTrue(answer.text().contains("https://problems.threatcommand.io/request-timeout"), answer.text());
    assertTrue(answer.text().toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer.text());
    assertTrue(millis < 9_000, "answered while the caller was still sending, after " + millis + " ms");
    assertEquals(before, FakeUpstreams.subscription.forwarded().size(), "the service got an incomplete request");
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
  }

  record SlowAnswer(int status, String text) {}

  /**
   * A debit whose body (a JSON string padded to {@code bytes}) is sent a byte at a time, {@code
   * pauseMillis} apart, over a raw socket; the answer as text, whenever it comes.
   */
  private SlowAnswer slowPost(int bytes, long pauseMillis) throws Exception {
    byte[] body = ("\"" + "x".repeat(bytes - 2) + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (var socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
      socket.setSoTimeout(15_000);
      var out = socket.getOutputStream();
      out.write(debitHead(null, body.length));
      out.flush();
      var in = socket.getInputStream();
      for (byte b : body) {
        if (in.available() > 0) {
          break; // answered before the body was complete
        }
        try {
          out.write(b);
          out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
        Thread.sleep(pauseMillis); // the slow caller's pace, not a wait for the gateway
      }
      String all = readAnswer(in);
      return new SlowAnswer(Integer.parseInt(all.substring(9, 12)), all);
    }
  }

  @Test
  void aServiceThatDropsEveryConnectionIs502ForAWriteAnd503ForARead() throws Exception {
    StandIn.droppingEveryConnection(vertx)
        .inPlaceOf(
            FakeUpstreams.subscription,
            () -> {
              // A write whose fate is unknown: 502, and never sent twice.
              given()
                  .config(BOUNDED)
                  .auth()
                  .oauth2(Idp.admin(ACCOUNT))
                  .contentType("application/json")
                  .body("{\"amount\": 1, \"reference\": \"dropped\"}")
                  .post("/api/v1/subscription/credits/debits")
                  .then()
                  .statusCode(502)
                  .contentType("application/problem+json")
                  .body("type", equalTo("https://problems.threatcommand.io/bad-gateway"));
              // A write with an Idempotency-Key is sent again on a new connection, dropped too:
              // the service is going away, and the caller may send it again with the same key.
              Answer again = debit("dropped-twice", false, new ArrayList<>()).get(20, TimeUnit.SECONDS);
              assertEquals(503, again.status());
              assertEquals(
                  "https://problems.threatcommand.io/upstream-unavailable",
                  new io.vertx.core.json.JsonObject(again.body()).getString("type"));
              // So is a read.
              assertSubscriptionUnavailable();
            });
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
  }

  @Test
  void aGetOnAConnectionTheServiceIsClosingIsSentAgainOnANewOne() throws Exception {
    assertSentAgain(
        FakeUpstreams.subscription,
        "subscription-service",
        "GET /api/v1/subscription",
        i -> send(HttpMethod.GET, "/api/v1/subscription", null, null, false));
  }

  @Test
  void aWriteWithAnIdempotencyKeyOnAConnectionTheServiceIsClosingIsSentAgainBodyAndAll() throws Exception {
    // subscription-service keeps a debit's answer under its Idempotency-Key: a second sending
    // gets the first one's answer, so the gateway may send it again, body and all (half of them
    // chunked: a body of unknown length is kept in full all the same).
    List<String> keys = new ArrayList<>();
    ClosingKeepAlive service =
        assertSentAgain(
            FakeUpstreams.subscription,
            "subscription-service",
            "POST /api/v1/subscription/credits/debits",
            i -> debit("debit-" + i, i % 2 == 0, keys));
    for (String key : keys) {
      // each debit reached the service once, with its key and its whole body
      assertEquals(
          1,
          service.answeredRequests.stream()
              .map(r -> r.toLowerCase(java.util.Locale.ROOT))
              .filter(r -> r.contains("idempotency-key: " + key) && r.contains(debitBody(key).toLowerCase(java.util.Locale.ROOT)))
              .count(),
          key);
    }
  }

  @Test
  void aWriteWithoutAnIdempotencyKeyOnAConnectionTheServiceIsClosingIsNotSentAgain() throws Exception {
    String body = "{\"category\": \"CREDITS\", \"quantity\": 10}";
    assertNeverSentAgain(
        FakeUpstreams.subscription,
        "subscription-service",
        "POST /api/v1/subscription/upgrade-requests",
        i -> send(HttpMethod.POST, "/api/v1/subscription/upgrade-requests", null, body, false));
  }

  @Test
  void aKeyGenerationOnAConnectionTheServiceIsClosingIsNotSentAgainEvenWithAnIdempotencyKey() throws Exception {
    // The first answer holds the key, shown once, and credentials-service keeps no answers by
    // Idempotency-Key: a second generation could not give it back.
    assertNeverSentAgain(
        FakeUpstreams.credentials,
        "credentials-service",
        "POST /api/v1/credentials/api-key",
        i -> send(HttpMethod.POST, "/api/v1/credentials/api-key", "generation-" + i, null, false));
  }

  /**
   * Sends 12 requests, one after the other, to a service that closes its keep-alive connections
   * under them: what the service may have done is never done twice by the gateway; each request
   * the service dropped is a 502 to its caller, and none is sent again.
   */
  private void assertNeverSentAgain(
      FakeService target,
      String upstream,
      String requestLine,
      java.util.function.IntFunction<CompletableFuture<Answer>> request)
      throws Exception {
    ClosingKeepAlive service = new ClosingKeepAlive(vertx, requestLine);
    double resentBefore = resent(upstream);
    int[] badGateway = {0};
    service.inPlaceOf(
        target,
        () -> {
          for (int i = 0; i < 12; i++) {
            int status = request.apply(i).get(20, TimeUnit.SECONDS).status();
            assertTrue(status == 200 || status == 502, "status " + status);
            badGateway[0] += status == 502 ? 1 : 0;
          }
        });
    assertTrue(service.dropped.get() > 0, "the keep-alive race never happened: " + service.dropped);
    assertEquals(service.dropped.get(), badGateway[0]);
    assertEquals(12, service.answered() + service.dropped.get());
    assertEquals(resentBefore, resent(upstream));
  }

  @Test
  void aRevocationOnAConnectionTheServiceIsClosingIsSentAgain() throws Exception {
    // DELETE is idempotent: sent a second time, the key is revoked all the same.
    assertSentAgain(
        FakeUpstreams.credentials,
        "credentials-service",
        "DELETE /api/v1/credentials/api-key",
        i -> send(HttpMethod.DELETE, "/api/v1/credentials/api-key", null, null, false));
  }

  /**
   * Sends 8 requests at once (so that the gateway's pools hold several open connections to the
   * service), then 12 one after the other, to a service that closes each keep-alive connection
   * under the next request on it, as a stopping service does: every request is answered 200 all
   * the same, the dropped ones sent again on a new connection (not on another pooled one, closing
   * too), and counted.
   */
  private ClosingKeepAlive assertSentAgain(
      FakeService target,
      String upstream,
      String requestLine,
      java.util.function.IntFunction<CompletableFuture<Answer>> request)
      throws Exception {
    ClosingKeepAlive service = new ClosingKeepAlive(vertx, requestLine);
    double resentBefore = resent(upstream);
    service.inPlaceOf(
        target,
        () -> {
          List<CompletableFuture<Answer>> together = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            together.add(request.apply(i));
          }
          for (CompletableFuture<Answer> answer : together) {
            assertEquals(200, answer.get(20, TimeUnit.SECONDS).status());
          }
          for (int i = 8; i < 20; i++) {
            assertEquals(200, request.apply(i).get(20, TimeUnit.SECONDS).status());
          }
        });
    assertTrue(service.dropped.get() > 0, "the keep-alive race never happened: " + service.dropped);
    assertEquals(20, service.answered());
    assertEquals(resentBefore + service.dropped.get(), resent(upstream));
    return service;
  }

  @Test
  void aWriteWhoseBodyIsStillArrivingIsNotSentAgainWithPartOfIt() throws Exception {
    ClosingKeepAlive service = new ClosingKeepAlive(vertx, "POST /api/v1/subscription/credits/debits");
    int[] racesSeen = {0};
    service.inPlaceOf(
        FakeUpstreams.subscription,
        () -> {
          // Until the race has happened: whether the gateway's pool has a connection to the
          // service for this caller's event loop depends on what came before.
          for (int i = 0; i < 10 && racesSeen[0] == 0; i++) {
            try (var socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
              socket.setSoTimeout(15_000);
              var out = socket.getOutputStream();
              var in = socket.getInputStream();
              // A whole debit first: the gateway keeps its connection to the service for the
              // next request of this caller's connection (the same event loop, the same pool).
              byte[] first = debitBody("first-" + i).getBytes(StandardCharsets.US_ASCII);
              out.write(debitHead("first-" + i, first.length));
              out.write(first);
              out.flush();
              String answer = readAnswer(in);
              assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
              // Then one whose body comes in two halves: the service closes that connection on
              // its head, while the second half is still on its way.
              int droppedBefore = service.dropped.get();
              String key = "second-" + i;
              byte[] second = debitBody(key).getBytes(StandardCharsets.US_ASCII);
              out.write(debitHead(key, second.length));
              out.write(second, 0, second.length / 2);
              out.flush();
              Thread.sleep(500); // the caller's pace, not a wait for the gateway
              try {
                out.write(second, second.length / 2, second.length - second.length / 2);
                out.flush();
              } catch (java.io.IOException closed) {
                // the gateway may have answered and closed already
              }
              answer = readAnswer(in);
              List<String> got =
                  service.answeredRequests.stream()
                      .map(r -> r.toLowerCase(java.util.Locale.ROOT))
                      .filter(r -> r.contains("idempotency-key: " + key))
                      .toList();
              if (service.dropped.get() > droppedBefore) {
                // Half a body is not the caller's request: never sent on; the caller gets 502.
                racesSeen[0]++;
                assertTrue(answer.startsWith("HTTP/1.1 502"), answer);
                assertTrue(answer.contains("https://problems.threatcommand.io/bad-gateway"), answer);
                assertEquals(List.of(), got, "the service got part of a debit");
              } else {
                // It went on a new connection: the service got it whole.
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertEquals(1, got.size());
                assertTrue(got.get(0).endsWith(debitBody(key).toLowerCase(java.util.Locale.ROOT)), got.get(0));
              }
            }
          }
        });
    assertTrue(racesSeen[0] > 0, "the keep-alive race never happened");
  }

  /** The head of an admin's debit for a raw socket; {@code key}, its Idempotency-Key, may be null. */
  private static byte[] debitHead(String key, int length) {
    return ("POST /api/v1/subscription/credits/debits HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + Idp.admin(ACCOUNT) + (key == null ? "" : "\r\nIdempotency-Key: " + key)
            + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** One answer with a Content-Length, read from a raw keep-alive connection, as text. */
  private static String readAnswer(java.io.InputStream in) throws java.io.IOException {
    var text = new StringBuilder();
    var length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)");
    int b;
    while ((b = in.read()) >= 0) {
      text.append((char) b);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd > 0) {
        var m = length.matcher(text.substring(0, headEnd));
        if (m.find() && text.length() >= headEnd + 4 + Integer.parseInt(m.group(1))) {
          break;
        }
      }
    }
    return text.toString();
  }

  /** The body of the debit {@code key} names (its reference), as {@link #debit} sends it. */
  private static String debitBody(String key) {
    return "{\"amount\": 1, \"purpose\": \"RESEARCH\", \"reference\": \"" + key + "\"}";
  }

  /** An admin's debit with a new Idempotency-Key (added to {@code keys}), its reference the key. */
  private CompletableFuture<Answer> debit(String key, boolean chunked, List<String> keys) {
    keys.add(key);
    return send(HttpMethod.POST, "/api/v1/subscription/credits/debits", key, debitBody(key), chunked);
  }

  /** An admin's request through the gateway; {@code idempotencyKey} and {@code body} may be null. */
  private CompletableFuture<Answer> send(
      HttpMethod method, String uri, String idempotencyKey, String body, boolean chunked) {
    return send(
        method,
        uri,
        idempotencyKey,
        request -> {
          if (body == null) {
            request.end();
          } else {
            request.setChunked(chunked);
            request.end(body);
          }
        });
  }

  /** An admin's request through the gateway, its body written by {@code writer}; its answer. */
  private CompletableFuture<Answer> send(
      HttpMethod method, String uri, String idempotencyKey, java.util.function.Consumer<HttpClientRequest> writer) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(gateway.getHost())
            .setPort(gateway.getPort())
            .setURI(uri)
            .putHeader("Authorization", "Bearer " + Idp.admin(ACCOUNT))
            .putHeader("Content-Type", "application/json");
    if (idempotencyKey != null) {
      options.putHeader("Idempotency-Key", idempotencyKey);
    }
    return client
        .request(options)
        .compose(
            request -> {
              writer.accept(request);
              return request
                  .response()
                  .compose(
                      (HttpClientResponse r) ->
                          r.body()
                              .map(b -> new Answer(r.statusCode(), r.getHeader("Content-Type"), b.toString())));
            })
        .toCompletionStage()
        .toCompletableFuture();
  }


  @Test
  void aCallerThatHangsUpIsCounted499NotAsAFailureOfTheService() throws Exception {
    FakeUpstreams.subscription.delayMillis = 700;
    double hungUpBefore = count("499");
    double badGatewayBefore = count("502");
    int forwardedBefore = FakeUpstreams.subscription.forwarded().size();
    var socket = new java.net.Socket(gateway.getHost(), gateway.getPort());
    sendAdminGet(socket, "/api/v1/subscription");
    await("the request is with the service").atMost(Duration.ofSeconds(5))
        .until(() -> FakeUpstreams.subscription.forwarded().size() > forwardedBefore);
    socket.close();
    // The service answers 700 ms later, to nobody: the request is then counted, once, as 499.
    await().atMost(Duration.ofSeconds(5)).until(() -> count("499") > hungUpBefore);
    assertEquals(hungUpBefore + 1, count("499"));
    assertEquals(badGatewayBefore, count("502"));
    FakeUpstreams.subscription.delayMillis = 0;
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
  }

  @Test
  void aCallerThatResetsInTheMiddleOfALargeAnswerIsCountedToo() throws Exception {
    // The caller stops reading 64 MiB early on and resets the connection: the gateway's next write
    // fails before the connection's close event is handled. The request must still end (499, its
    // access-log line, done for a graceful stop): it used to end nowhere, and every stop after it
    // waited the whole shutdown timeout.
    double hungUpBefore = count("499");
    double badGatewayBefore = count("502");
    var socket = new java.net.Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
    sendAdminGet(socket, "/api/v1/subscription/documents/huge");
    byte[] start = socket.getInputStream().readNBytes(1024);
    assertTrue(new String(start, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
    Thread.sleep(300); // the gateway's writes back up behind the unread bytes
    socket.setSoLinger(true, 0);
    socket.close(); // RST
    await().atMost(Duration.ofSeconds(5)).until(() -> count("499") > hungUpBefore);
    assertEquals(hungUpBefore + 1, count("499"));
    assertEquals(badGatewayBefore, count("502"));
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
  }

  /** Writes an admin's GET of {@code path} on a raw socket, which the test then hangs up on. */
  private static void sendAdminGet(java.net.Socket socket, String path) throws java.io.IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Idp.admin(ACCOUNT) + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** How many requests the gateway has sent again to {@code upstream} (its metric). */
  private static double resent(String upstream) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("gateway_upstream_resent_total{") && l.contains("upstream=\"" + upstream + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Requests of the subscription route with this status so far, from the gateway's metrics. */
  private static double count(String status) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("gateway_requests_seconds_count{") && l.contains("route=\"subscription\"")
            && l.contains("status=\"" + status + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
