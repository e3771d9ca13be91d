package com.threatcommand.credentials.revocation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.credentials.support.SseClient;
import com.threatcommand.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The revocation stream the gateway subscribes to (LISTEN/NOTIFY behind it). */
@QuarkusTest
class RevocationStreamTest {
  @TestHTTPResource("/internal/v1/keys/revocations")
  URL stream;

  @Inject AgroalDataSource dataSource;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void readyFirstThenARevokedEventForEveryKeyThatStopsEarly() {
    String accountId = Accounts.newId();
    String firstId = Keys.generate(accountId, "api-key").getString("id");
    try (SseClient sse = SseClient.open(stream.toString(), Tokens.gateway())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> sse.has("ready"));
      assertEquals(200, sse.status());
      assertEquals("ready", sse.events().get(0).name());
      assertEquals("{}", sse.events().get(0).data());

      // a rotation with grace announces nothing (the gateway honours expiresAt)
      String secondId = Keys.rotate(accountId, "api-key", 3600).getString("id");
      // revoking stops the active key and the one in its grace: two events
      Keys.revoke(accountId, "api-key");
      await().atMost(Duration.ofSeconds(5)).until(() -> revokedIds(sse, accountId).size() == 2);
      assertEquals(Set.of(firstId, secondId), revokedIds(sse, accountId));
      JsonPath event = new JsonPath(revoked(sse, accountId).get(0).data());
      assertEquals(accountId, event.getString("accountId"));
      assertEquals("api-key", event.getString("kind"));
      assertTrue(event.getString("at").endsWith("Z"));

      // a rotation without grace announces the old key
      String thirdId = Keys.generate(accountId, "appliance-key").getString("id");
      Keys.rotate(accountId, "appliance-key", 0);
      await().atMost(Duration.ofSeconds(5)).until(() -> revokedIds(sse, accountId).contains(thirdId));
      assertEquals(3, revokedIds(sse, accountId).size());

      // pings keep the stream visibly alive (every second in tests, ten in production)
      await().atMost(Duration.ofSeconds(5)).until(() -> sse.has("ping"));
      assertFalse(sse.ended());
    }
  }

  @Test
  void aRefusedRevocationAnnouncesNothing() {
    String accountId = Accounts.newId();
    try (SseClient sse = SseClient.open(stream.toString(), Tokens.gateway())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> sse.has("ready"));
      given().auth().oauth2(Tokens.admin(accountId)).delete("/api/v1/credentials/api-key")
          .then().statusCode(404);
      String marker = Accounts.newId();
      Keys.generate(marker, "api-key");
      Keys.revoke(marker, "api-key");
      await().atMost(Duration.ofSeconds(5)).until(() -> revokedIds(sse, marker).size() == 1);
      assertTrue(revokedIds(sse, accountId).isEmpty());
    }
  }

  @Test
  void theListenerReconnectsByItselfAfterLosingItsConnection() throws Exception {
    try (SseClient before = SseClient.open(stream.toString(), Tokens.gateway())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> before.has("ready"));

      // kill the LISTEN session from the database side
      try (var connection = dataSource.getConnection();
          var kill = connection.createStatement()) {
        kill.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where application_name = '"
                + RevocationListener.APPLICATION_NAME + "' and datname = current_database()");
      }
      // the stream that could now miss revocations is ended, so the gateway stops trusting it
      await().atMost(Duration.ofSeconds(10)).until(before::ended);
    }
    // ... and a new subscription is live again once the listener has reconnected
    await().atMost(Duration.ofSeconds(15)).untilAsserted(
        () -> given().get("/q/health/ready").then().statusCode(200));
    String accountId = Accounts.newId();
    String id = Keys.generate(accountId, "api-key").getString("id");
    try (SseClient after = SseClient.open(stream.toString(), Tokens.gateway())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> after.has("ready"));
      Keys.revoke(accountId, "api-key");
      await().atMost(Duration.ofSeconds(5)).until(() -> revokedIds(after, accountId).contains(id));
    }
  }

  @Test
  void onlyTheGatewayMaySubscribe() {
    given().accept("text/event-stream").get("/internal/v1/keys/revocations").then().statusCode(401)
        .contentType("application/problem+json");
    String accountId = Accounts.newId();
    for (String token :
        List.of(Tokens.expired("gateway", null), Tokens.forOtherService("gateway", null), Tokens.signedByAttacker("gateway", null))) {
      given().auth().oauth2(token).accept("text/event-stream").get("/internal/v1/keys/revocations")
          .then().statusCode(401);
    }
    for (String token : List.of(Tokens.admin(accountId), Tokens.apiKey(accountId), Tokens.provisioner())) {
      given().auth().oauth2(token).accept("text/event-stream").get("/internal/v1/keys/revocations")
          .then().statusCode(403);
    }
  }

  private static List<SseClient.Event> revoked(SseClient sse, String accountId) {
    return sse.events("revoked").stream()
        .filter(e -> accountId.equals(new JsonPath(e.data()).getString("accountId")))
        .toList();
  }

  private static Set<String> revokedIds(SseClient sse, String accountId) {
    return revoked(sse, accountId).stream()
        .map(e -> new JsonPath(e.data()).getString("keyId"))
        .collect(Collectors.toSet());
  }
}
