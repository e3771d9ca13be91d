package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.gateway.support.Basic;
import com.threatcommand.gateway.support.ClosingKeepAlive;
import com.threatcommand.gateway.support.FakeService;
import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.InternalToken;
import com.threatcommand.gateway.support.StandIn;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Basic accountId:key through credentials-service's verify endpoint: the positive cache and its
 * revocation stream (contracts.md, "Gateway policy"), the negative cache, and the failed-login
 * limiter. Each test acts as a client address of its own (X-Forwarded-For from a trusted proxy).
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class KeyAuthTest {
  static final AtomicInteger CLIENTS = new AtomicInteger(100);
  String account;
  String key;
  String keyId;
  String client;
  static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
    // a fresh tenant and key per test, so the gateway's caches from other tests do not interfere
    account = "acct" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    key = "tcak_" + UUID.randomUUID().toString().replace("-", "");
    keyId = UUID.randomUUID().toString();
    client = "192.0.2." + CLIENTS.incrementAndGet();
    FakeUpstreams.credentials.addKey(account, key, "api-key", keyId, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> !FakeUpstreams.credentials.streams.isEmpty());
  }

  int testCredentials(String accountId, String secret) {
    return given()
        .header("X-Forwarded-For", client)
        .header("Authorization", Basic.of(accountId, secret))
        .head("/public/v1/test-credentials")
        .statusCode();
  }

  @Test
  void aValidKeyIsVerifiedOnceThenServedFromTheCache() {
    assertEquals(200, testCredentials(account, key));
    assertEquals(200, testCredentials(account, key));
    given()
        .header("X-Forwarded-For", client)
        .header("Authorization", Basic.of(account, key))
        .get("/public/v1/account/system-modules")
        .then()
        .statusCode(200);
    assertEquals(1, FakeUpstreams.credentials.verifyCalls.get());
  }

  @Test
  void theVerifyCallCarriesTheGatewaysOwnTokenAndTheKeyOnlyInItsBody() throws Exception {
    assertEquals(200, testCredentials(account, key));
    FakeService.Received verify =
        FakeUpstreams.credentials.received.stream()
            .filter(r -> r.path().equals("/internal/v1/keys/verify"))
            .findFirst()
            .orElseThrow();
    assertEquals("POST", verify.method());
    assertFalse(verify.uri().contains(key));
    JsonObject body = verify.body().toJsonObject();
    assertEquals(account, body.getString("accountId"));
    assertEquals(key, body.getString("key"));
    JwtClaims claims = InternalToken.verify(verify.headers().get("Authorization"), "credentials-service");
    assertEquals(List.of("gateway"), claims.getStringListClaimValue("groups"));
    assertEquals("gateway", claims.getSubject());
    assertFalse(claims.hasClaim("account_id"));
  }

  @Test
  void concurrentFirstUsesOfAKeyShareOneVerification() throws Exception {
    // the verification takes a while, so all requests arrive while the first one is being verified
    FakeUpstreams.credentials.verifyDelayMillis = 500;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 16; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return testCredentials(account, key);
                }));
      }
      start.countDown();
      for (java.util.concurrent.Future<Integer> answer : answers) {
        assertEquals(200, answer.get(10, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, FakeUpstreams.credentials.verifyCalls.get());
  }

  @Test
  void wrongOrMalformedCredentialsAre401WithABasicChallenge() {
    for (String authorization :
        List.of(
            Basic.of(account, key + "x"),
            Basic.of("6a1e2d3c4b5a697887766001", key),
            Basic.of(account, ""),
            Basic.of("not/an/account", key),
            "Basic not-base64!!",
            "Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()))) {
      given()
          .header("X-Forwarded-For", "192.0.2." + CLIENTS.incrementAndGet())
          .header("Authorization", authorization)
          .get("/public/v1/test-credentials")
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", startsWith("Basic realm="))
          .contentType("application/problem+json")
          .body("type", equalTo("https://problems.threatcommand.io/unauthenticated"));
    }
  }

  @Test
  void aRefusedKeyIsRememberedBriefly() {
    assertEquals(401, testCredentials(account, key + "-wrong"));
    assertEquals(401, testCredentials(account, key + "-wrong"));
    assertEquals(1, FakeUpstreams.credentials.verifyCalls.get());
  }

  @Test
  void aRevokedKeyIsRefusedWithinOneSecond() {
    assertEquals(200, testCredentials(account, key));
    FakeUpstreams.credentials.revoke(account, keyId);
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> testCredentials(account, key) == 401);
  }

  @Test
  void whileTheStreamIsDownTheCacheIsTrustedForAtMostOneSecond() {
    assertEquals(200, testCredentials(account, key));
    FakeUpstreams.credentials.streamAvailable = false;
    FakeUpstreams.credentials.dropStreams();
    // the revocation is not announced (the stream is down): the gateway must ask again
    FakeUpstreams.credentials.revokeSilently(keyId);
    await()
        .atMost(Duration.ofMillis(1500))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> testCredentials(account, key) == 401);
    FakeUpstreams.credentials.streamAvailable = true;
  }

  @Test
  void aSilentStreamIsTreatedAsDown() {
    assertEquals(200, testCredentials(account, key));
    FakeUpstreams.credentials.pings = false; // connected, but no proof of life
    FakeUpstreams.credentials.revokeSilently(keyId);
    // stream-stale-after is 3 s in the test profile; then at most 1 s of trust
    await()
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> testCredentials(account, key) == 401);
  }

  @Test
  void aReconnectedStreamStartsFromAnEmptyCache() {
    assertEquals(200, testCredentials(account, key));
    int connections = FakeUpstreams.credentials.streamConnections.get();
    FakeUpstreams.credentials.dropStreams();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> FakeUpstreams.credentials.streamConnections.get() > connections
            && !FakeUpstreams.credentials.streams.isEmpty());
    int calls = FakeUpstreams.credentials.verifyCalls.get();
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertEquals(200, testCredentials(account, key));
              assertTrue(FakeUpstreams.credentials.verifyCalls.get() > calls);
            });
  }

  @Test
  void aKeyInItsRotationGraceIsNotCachedPastItsExpiry() {
    String oldKey = "tcak_" + UUID.randomUUID().toString().replace("-", "");
    String oldId = UUID.randomUUID().toString();
    FakeUpstreams.credentials.addKey(account, oldKey, "api-key", oldId, Instant.now().plusSeconds(2).toString());
    assertEquals(200, testCredentials(account, oldKey));
    // after its grace the fake refuses it, and no revocation event is sent
    FakeUpstreams.credentials.revokeSilently(oldId);
    await()
        .atMost(Duration.ofSeconds(4))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> testCredentials(account, oldKey) == 401);
  }

  @Test
  void repeatedFailuresFromOneClientAreSlowedWith429EvenForTheRightKey() {
    for (int i = 0; i < 5; i++) { // the test profile allows 5 failures per 3 s window
      assertEquals(401, testCredentials(account, "tcak_guess_" + i));
    }
    int calls = FakeUpstreams.credentials.verifyCalls.get();
    given()
        .header("X-Forwarded-For", client)
        .header("Authorization", Basic.of(account, "tcak_guess_next"))
        .get("/public/v1/test-credentials")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
        .body("type", equalTo("https://problems.threatcommand.io/rate-limited"));
    // a correct guess made while limited learns nothing, and is not even checked
    assertEquals(429, testCredentials(account, key));
    assertEquals(calls, FakeUpstreams.credentials.verifyCalls.get());
    // another client is not affected
    assertEquals(
        200,
        given()
            .header("X-Forwarded-For", "192.0.2." + CLIENTS.incrementAndGet())
            .header("Authorization", Basic.of(account, key))
            .head("/public/v1/test-credentials")
            .statusCode());
    // and the limited client may try again once its window is over
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> testCredentials(account, key) == 200);
  }

  @Test
  void whenKeysCannotBeVerifiedTheAnswerIs503NotAWrongPassword() {
    FakeUpstreams.credentials.stop();
    try {
      given()
          .header("X-Forwarded-For", client)
          .header("Authorization", Basic.of(account, key))
          .get("/public/v1/test-credentials")
          .then()
          .statusCode(503)
          .body("type", equalTo("https://problems.threatcommand.io/upstream-unavailable"));
    } finally {
      FakeUpstreams.credentials.start();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> testCredentials(account, key) == 200);
  }

  /** The integrators' credential test, answered 503 with Retry-After: try again, not a wrong key. */
  void assertKeyCheckUnavailable() {
    given()
        .header("X-Forwarded-For", client)
        .header("Authorization", Basic.of(account, key))
        .get("/public/v1/test-credentials")
        .then()
        .statusCode(503)
        .header("Retry-After", notNullValue())
        .body("type", equalTo("https://problems.threatcommand.io/upstream-unavailable"));
  }

  @Test
  void whenCredentialsServiceCannotReachItsDatabaseTheAnswerIs503NotABadGateway() {
    // Found by deploy/chaos/run: with PostgreSQL stopped, credentials-service answers its verify
    // endpoint with 503, which the gateway passed on as 502 bad-gateway.
    FakeUpstreams.credentials.verifyStatus = 503;
    assertKeyCheckUnavailable();
    FakeUpstreams.credentials.verifyStatus = 0;
    await().atMost(Duration.ofSeconds(5)).until(() -> testCredentials(account, key) == 200);
  }

  @Test
  void whenCredentialsServiceDropsEveryConnectionTheAnswerIs503NotABadGateway() throws Exception {
    // Asked twice, on a pooled connection and a new one, and dropped both times: it is going away.
    StandIn.droppingEveryConnection(vertx).inPlaceOf(FakeUpstreams.credentials, this::assertKeyCheckUnavailable);
    await().atMost(Duration.ofSeconds(5)).until(() -> testCredentials(account, key) == 200);
  }

  @Test
  void aVerificationOnAConnectionCredentialsServiceIsClosingIsAskedAgainOnANewOne() throws Exception {
    // Each question a new key from a new client (no cache, no limiter); the stand-in answers {}
    // (not valid): 401 every time, never 502 for a connection closed under the question.
    ClosingKeepAlive service = new ClosingKeepAlive(vertx, "POST /internal/v1/keys/verify");
    AtomicInteger clients = new AtomicInteger();
    Supplier<Integer> ask =
        () ->
            given()
                .header("X-Forwarded-For", "198.51.100." + clients.incrementAndGet())
                .header("Authorization", Basic.of(account, "tcak_" + UUID.randomUUID().toString().replace("-", "")))
                .head("/public/v1/test-credentials")
                .statusCode();
    service.inPlaceOf(
        FakeUpstreams.credentials,
        () -> {
          List<CompletableFuture<Integer>> together = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            together.add(CompletableFuture.supplyAsync(ask));
          }
          for (CompletableFuture<Integer> status : together) {
            assertEquals(401, status.get(20, TimeUnit.SECONDS));
          }
          for (int i = 0; i < 12; i++) {
            assertEquals(401, ask.get());
          }
        });
    assertTrue(service.dropped.get() > 0, "the keep-alive race never happened: " + service.dropped);
    assertEquals(20, service.answered());
  }

  @Test
  void anApplianceKeyNeverOpensThePublicApiNorAnApiKeyTheApplianceApi() {
    String applianceKey = "tcap_" + UUID.randomUUID().toString().replace("-", "");
    FakeUpstreams.credentials.addKey(account, applianceKey, "appliance-key", UUID.randomUUID().toString(), null);
    assertEquals(401, testCredentials(account, applianceKey));
    assertEquals(
        401,
        given()
            .header("X-Forwarded-For", client)
            .header("Authorization", Basic.of(account, key))
            .get("/appliance/v1/identity")
            .statusCode());
    assertEquals(
        200,
        given()
            .header("X-Forwarded-For", client)
            .header("Authorization", Basic.of(account, applianceKey))
            .get("/appliance/v1/identity")
            .statusCode());
  }
}
