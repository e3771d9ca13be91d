package com.threatcommand.credentials.keys;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's verification endpoint: its contract, its callers, and what it costs. */
@QuarkusTest
class VerificationTest {
  @Inject MutableClock clock;
  @Inject AgroalDataSource dataSource;
  @Inject LastUsedTracker lastUsed;
  @Inject MeterRegistry registry;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void invalidAnswersAreIndistinguishable() {
    String accountId = Accounts.newId();
    String key = Keys.generate(accountId, "api-key").getString("key");
    String revoked = Keys.generate(Accounts.newId(), "appliance-key").getString("key");
    String body = key.substring(5, 48);
    List<String> presented =
        List.of(
            KeyMaterial.generate(KeyKind.API_KEY), // well-formed, unknown
            key.substring(0, 53) + (key.charAt(53) == 'A' ? 'B' : 'A'), // bad checksum
            "tcak_" + body + KeyCheck.checksum("tcak_" + body).substring(0, 5), // too short
            "not a key at all",
            "",
            revoked);
    for (String p : presented) {
      String answer =
          given().auth().oauth2(Tokens.gateway()).contentType("application/json")
              .body(Keys.json(accountId, p)).post("/internal/v1/keys/verify").then()
              .statusCode(200).header("Cache-Control", "no-store").extract().asString();
      assertEquals("{\"valid\":false}", answer);
    }
    // another account's key, and this account's key under other account IDs
    for (String otherAccount : List.of(Accounts.newId(), accountId.toUpperCase(), accountId + "0", "", "a b")) {
      assertEquals(
          "{\"valid\":false}",
          given().auth().oauth2(Tokens.gateway()).contentType("application/json")
              .body(Keys.json(otherAccount, key)).post("/internal/v1/keys/verify").then()
              .statusCode(200).extract().asString());
    }
    assertTrue(Keys.valid(accountId, key));
  }

  @Test
  void aValidAnswerNamesAccountKindKeyAndGraceExpiry() {
    String accountId = Accounts.newId();
    var created = Keys.generate(accountId, "appliance-key");
    Map<String, Object> answer = Keys.verify(accountId, created.getString("key")).getMap("");
    assertEquals(
        Map.of("valid", true, "accountId", accountId, "kind", "appliance-key", "keyId", created.getString("id")),
        withoutNulls(answer));
    assertTrue(answer.containsKey("expiresAt"));
  }

  @Test
  void malformedKeysAndBadChecksumsNeverReachTheDatabase() {
    String accountId = Accounts.newId();
    String key = Keys.generate(accountId, "api-key").getString("key");
    lastUsed.flush(); // nothing left for the background flush to write during the measurement
    List<String> refusedOffline = new ArrayList<>();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i) == 'x' ? 'y' : 'x';
      refusedOffline.add(key.substring(0, i) + c + key.substring(i + 1));
    }
    refusedOffline.add("tcak_short");
    refusedOffline.add("Basic dGVzdDp0ZXN0");
    refusedOffline.add(key.substring(1));

    long before = dataSource.getMetrics().acquireCount();
    for (String presented : refusedOffline) {
      given().auth().oauth2(Tokens.gateway()).contentType("application/json")
          .body(Keys.json(accountId, presented)).post("/internal/v1/keys/verify").then()
          .statusCode(200).body("valid", is(false));
    }
    assertEquals(before, dataSource.getMetrics().acquireCount(), "no connection was taken");

    // the counter is real: a well-formed key does take a connection
    assertFalse(Keys.valid(accountId, KeyMaterial.generate(KeyKind.API_KEY)));
    assertTrue(dataSource.getMetrics().acquireCount() > before);
  }

  @Test
  void verificationBodiesAreValidated() {
    bad("{\"key\":\"tcak_x\"}", "validation-failed", "accountId");
    bad("{\"accountId\":\"abc\"}", "validation-failed", "key");
    bad("{\"accountId\":null,\"key\":\"k\"}", "validation-failed", "accountId");
    bad("{\"accountId\":\"" + "a".repeat(65) + "\",\"key\":\"k\"}", "validation-failed", "accountId");
    bad("{\"accountId\":\"abc\",\"key\":\"" + "k".repeat(257) + "\"}", "validation-failed", "key");
    bad("{\"accountId\":123,\"key\":\"k\"}", "validation-failed", "accountId");
    bad("{\"accountId\":\"abc\",\"key\":[\"k\"]}", "validation-failed", "key");
    bad("{\"accountId\":\"abc\",\"key\":\"k\",\"kind\":\"api-key\"}", "validation-failed", "kind");
    bad("{\"accountId\":\"abc\",", "malformed-json", null);
    bad("", "validation-failed", null);
    given().auth().oauth2(Tokens.gateway()).contentType("text/plain").body(Keys.json("abc", "k"))
        .post("/internal/v1/keys/verify").then().statusCode(415);
    String big = "{\"accountId\":\"abc\",\"key\":\"" + "k".repeat(70 * 1024) + "\"}";
    given().auth().oauth2(Tokens.gateway()).contentType("application/json").body(big)
        .post("/internal/v1/keys/verify").then().statusCode(413)
        .body("type", endsWith("/payload-too-large"));
  }

  private static void bad(String body, String slug, String field) {
    var response =
        given().auth().oauth2(Tokens.gateway()).contentType("application/json").body(body)
            .post("/internal/v1/keys/verify").then().statusCode(400)
            .contentType("application/problem+json").body("type", endsWith("/" + slug));
    if (field != null) {
      response.body("errors.field", hasItem(field));
    }
  }

  @Test
  void onlyTheGatewayMayVerify() {
    String accountId = Accounts.newId();
    String key = Keys.generate(accountId, "api-key").getString("key");
    String body = Keys.json(accountId, key);
    given().contentType("application/json").body(body).post("/internal/v1/keys/verify").then()
        .statusCode(401).header("WWW-Authenticate", "Bearer")
        .contentType("application/problem+json").body("type", endsWith("/unauthenticated"));
    for (String token :
        List.of(Tokens.expired("gateway", null), Tokens.forOtherService("gateway", null), Tokens.signedByAttacker("gateway", null), "x.y.z")) {
      given().auth().oauth2(token).contentType("application/json").body(body)
          .post("/internal/v1/keys/verify").then().statusCode(401);
    }
    given().auth().basic(accountId, key).contentType("application/json").body(body)
        .post("/internal/v1/keys/verify").then().statusCode(401);
    for (String token :
        List.of(Tokens.admin(accountId), Tokens.apiKey(accountId), Tokens.applianceKey(accountId), Tokens.provisioner())) {
      given().auth().oauth2(token).contentType("application/json").body(body)
          .post("/internal/v1/keys/verify").then().statusCode(403)
          .body("type", endsWith("/forbidden"));
    }
    given().auth().oauth2(Tokens.gateway()).get("/internal/v1/keys/verify").then().statusCode(405);
  }

  @Test
  void lastUsedIsRecordedPerMinuteWithoutAWritePerVerification() throws Exception {
    String accountId = Accounts.newId();
    var created = Keys.generate(accountId, "api-key");
    String key = created.getString("key");
    Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(5);
    clock.setInstant(t);
    lastUsed.flush();
    double writesBefore = writes();

    for (int i = 0; i < 30; i++) {
      assertTrue(Keys.valid(accountId, key));
    }
    // shown at once by this replica, stored by the next flush: one row write for 30 verifications
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/credentials").then()
        .body("apiKey.lastUsedAt", equalTo(t.truncatedTo(ChronoUnit.MINUTES).toString()));
    await().atMost(Duration.ofSeconds(10)).until(() -> storedLastUsed(created.getString("id")) != null);
    assertEquals(t.truncatedTo(ChronoUnit.MINUTES), storedLastUsed(created.getString("id")));
    assertEquals(1.0, writes() - writesBefore);

    // later in the same minute: no write at all
    clock.setInstant(t.plusSeconds(40));
    for (int i = 0; i < 10; i++) {
      assertTrue(Keys.valid(accountId, key));
    }
    lastUsed.flush();
    assertEquals(1.0, writes() - writesBefore);

    // the next minute: one more
    clock.setInstant(t.plusSeconds(70));
    assertTrue(Keys.valid(accountId, key));
    lastUsed.flush();
    assertEquals(2.0, writes() - writesBefore);
    assertEquals(t.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60), storedLastUsed(created.getString("id")));
  }

  private double writes() {
    return registry.get("credentials.last_used.writes").counter().count();
  }

  private Instant storedLastUsed(String id) throws Exception {
    try (var connection = dataSource.getConnection();
        var query = connection.prepareStatement("select last_used_at from credential_key where id = ?")) {
      query.setObject(1, java.util.UUID.fromString(id));
      try (var rows = query.executeQuery()) {
        rows.next();
        var at = rows.getObject(1, java.time.OffsetDateTime.class);
        return at == null ? null : at.toInstant();
      }
    }
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> map) {
    Map<String, Object> copy = new java.util.HashMap<>(map);
    copy.values().removeIf(java.util.Objects::isNull);
    return copy;
  }
}
