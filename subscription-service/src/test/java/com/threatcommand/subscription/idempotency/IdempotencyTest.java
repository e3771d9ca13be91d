package com.threatcommand.subscription.idempotency;

import static com.threatcommand.subscription.support.Api.assertProblem;
import static com.threatcommand.subscription.support.Api.key;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Api;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {
  private static final String DEBIT = "{\"amount\":5,\"purpose\":\"RESEARCH\",\"reference\":\"once\"}";

  @Inject MutableClock clock;
  @Inject DataSource dataSource;
  @Inject IdempotencyStore store;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void replayReturnsTheFirstResponseByteForByteAndDebitsOnce() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String key = key();
    Response first = Api.debit(Tokens.admin(account), key, DEBIT);
    first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
    // The same request again, even reformatted, is the same request.
    Response again =
        Api.debit(Tokens.admin(account), key,
            "{ \"reference\" : \"once\", \"purpose\": \"RESEARCH\", \"amount\": 5 }");
    again.then().statusCode(201).header("Idempotent-Replayed", equalTo("true"))
        .contentType("application/json");
    assertArrayEquals(first.asByteArray(), again.asByteArray());
    assertEquals(95, Api.balance(account));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/credits/transactions")
        .then().body("items", hasSize(2));
  }

  @Test
  void sameKeyWithAnotherBodyIsRefusedWith422() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String key = key();
    Api.debit(Tokens.admin(account), key, DEBIT).then().statusCode(201);
    assertProblem(
        Api.debit(Tokens.admin(account), key, DEBIT.replace("5", "6")), 422, "idempotency-key-reused");
    // The same key on the other debit path is another request too.
    assertProblem(
        given().auth().oauth2(Tokens.apiKey(account)).contentType("application/json")
            .header("Idempotency-Key", key).body(DEBIT).post("/public/v1/account/credits/debits"),
        422, "idempotency-key-reused");
    assertEquals(95, Api.balance(account));
  }

  @Test
  void sameKeyWhileTheFirstIsInFlightGets409() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String key = key();
    String token = Tokens.admin(account);
    CompletableFuture<Response> first;
    // Hold the subscription row: the first request reserves its key, then waits on the row.
    try (Connection holder = dataSource.getConnection()) {
      Accounts.lockRow(holder, account);
      first = CompletableFuture.supplyAsync(() -> Api.debit(token, key, DEBIT));
      await().atMost(Duration.ofSeconds(10)).until(() -> reservationStatus(account, key) != null);
      assertEquals("IN_PROGRESS", reservationStatus(account, key));
      assertProblem(Api.debit(token, key, DEBIT), 409, "idempotency-in-progress")
          .header("Retry-After", equalTo("1"));
      // Another body is still a misuse of the key, in flight or not.
      assertProblem(Api.debit(token, key, DEBIT.replace("once", "twice")), 422, "idempotency-key-reused");
      holder.rollback();
    }
    Response done = first.get();
    done.then().statusCode(201).body("balance", is(95));
    Response replay = Api.debit(token, key, DEBIT);
    replay.then().statusCode(201).header("Idempotent-Replayed", equalTo("true"));
    assertArrayEquals(done.asByteArray(), replay.asByteArray());
    assertEquals(95, Api.balance(account));
  }

  @Test
  void aDebitThatWaitsOnALockedRowPastLockTimeoutIs503AndItsKeyCanBeSentAgain() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String key = key();
    String token = Tokens.admin(account);
    // Another transaction (an operator's, a stuck one) holds the subscription row past the
    // services' lock_timeout (application.properties): the debit gives up instead of holding a
    // worker and a connection for as long as the other transaction lasts.
    try (Connection holder = dataSource.getConnection()) {
      Accounts.lockRow(holder, account);
      // Without a lock_timeout it would wait for the rollback below: bounded here, so that the
      // test fails instead of hanging.
      Response refused =
          CompletableFuture.supplyAsync(() -> Api.debit(token, key, DEBIT))
              .get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertProblem(refused, 503, "upstream-unavailable")
          .header("Retry-After", equalTo("1"))
          .body("detail", org.hamcrest.Matchers.containsString("Nothing was changed"));
      // Reading the account does not wait on the row.
      given().auth().oauth2(token).get("/api/v1/subscription").then().statusCode(200)
          .body("credits.balance", is(100));
      holder.rollback();
    }
    assertNull(reservationStatus(account, key), "the refused request left its key unused");
    Api.debit(token, key, DEBIT).then().statusCode(201).header("Idempotent-Replayed", nullValue())
        .body("balance", is(95));
    assertEquals(95, Api.balance(account));
  }

  @Test
  void aRefusedDebitIsReplayedAsTheSameRefusalEvenAfterAGrant() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    String key = key();
    Response refused = Api.debit(Tokens.admin(account), key, DEBIT);
    assertProblem(refused, 409, "insufficient-credits");
    assertEquals("COMPLETED", reservationStatus(account, key));
    Api.grant(account, 5);
    Response replay = Api.debit(Tokens.admin(account), key, DEBIT);
    replay.then().statusCode(409).header("Idempotent-Replayed", equalTo("true"))
        .contentType("application/problem+json");
    assertArrayEquals(refused.asByteArray(), replay.asByteArray());
    assertEquals(5, Api.balance(account));
    // A new key is a new attempt, and now there are credits for it.
    Api.debit(Tokens.admin(account), key(), DEBIT).then().statusCode(201).body("balance", is(0));
  }

  @Test
  void aRequestRefusedBeforeItRanDoesNotUseUpItsKey() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5, "Discovery");
    String key = key();
    String token = Tokens.admin(account);
    // Discovery is already included: invalid input, decided before anything changed.
    assertProblem(
        given().auth().oauth2(token).contentType("application/json").header("Idempotency-Key", key)
            .body("{\"category\":\"MODULES\",\"modules\":[\"Discovery\"]}")
            .post("/api/v1/subscription/upgrade-requests"),
        400, "validation-failed");
    assertNull(reservationStatus(account, key));
    given().auth().oauth2(token).contentType("application/json").header("Idempotency-Key", key)
        .body("{\"category\":\"MODULES\",\"modules\":[\"Cve\"]}")
        .post("/api/v1/subscription/upgrade-requests")
        .then().statusCode(202).header("Idempotent-Replayed", nullValue());
  }

  @Test
  void keysArePerAccount() {
    String a = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    String b = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(a, 10);
    Api.grant(b, 10);
    String key = key();
    Api.debit(Tokens.admin(a), key, DEBIT).then().statusCode(201)
        .header("Idempotent-Replayed", nullValue());
    Api.debit(Tokens.admin(b), key, DEBIT.replace("5", "7")).then().statusCode(201)
        .header("Idempotent-Replayed", nullValue()).body("balance", is(3));
    assertEquals(5, Api.balance(a));
  }

  @Test
  void keysAreKeptAtLeastADayThenForgottenAndPurged() {
    String account = Accounts.provisioned("GOLD", "2099-01-01", 10, 5);
    Api.grant(account, 100);
    String key = key();
    Api.debit(Tokens.admin(account), key, DEBIT).then().statusCode(201);
    clock.advance(Duration.ofHours(24).plusMinutes(59));
    assertProblem(Api.debit(Tokens.admin(account), key, DEBIT.replace("5", "6")), 422,
        "idempotency-key-reused");
    Api.debit(Tokens.admin(account), key, DEBIT).then().statusCode(201)
        .header("Idempotent-Replayed", equalTo("true"));
    store.purgeExpired();
    assertEquals(2, countKeys(account)); // the grant's key and the debit's
    clock.advance(Duration.ofMinutes(2)); // 25 h + 1 min after the first use
    store.purgeExpired();
    assertEquals(0, countKeys(account));
    // Forgotten: the key is new again.
    Api.debit(Tokens.admin(account), key, DEBIT.replace("5", "6")).then().statusCode(201)
        .header("Idempotent-Replayed", nullValue()).body("balance", is(89));
  }

  @Test
  void aReservationLeftByADeadProcessIsTakenOverWhenItsLeaseRunsOut() throws SQLException {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String key = key();
    String token = Tokens.admin(account);
    // The state a request leaves when its process dies after reserving the key and before its
    // transaction commits: the reservation IN_PROGRESS, no debit. (Made from a real request so
    // that the stored fingerprint is the real one; its effect is then undone.)
    Api.debit(token, key, DEBIT).then().statusCode(201);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      try (PreparedStatement s = c.prepareStatement(
          "update subscription set credit_balance = credit_balance + 5 where account_id = ?")) {
        s.setString(1, account);
        assertEquals(1, s.executeUpdate());
      }
      try (PreparedStatement s = c.prepareStatement(
          "delete from credit_transaction where account_id = ? and kind = 'DEBIT'")) {
        s.setString(1, account);
        assertEquals(1, s.executeUpdate());
      }
      try (PreparedStatement s = c.prepareStatement(
          "update idempotency_key set status = 'IN_PROGRESS', response_status = null,"
              + " response_body = null, locked_until = ? where account_id = ? and idem_key = ?")) {
        s.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(2));
        s.setString(2, account);
        s.setString(3, key);
        assertEquals(1, s.executeUpdate());
      }
    }
    assertProblem(Api.debit(token, key, DEBIT), 409, "idempotency-in-progress");
    clock.advance(Duration.ofMinutes(3));
    Api.debit(token, key, DEBIT).then().statusCode(201).header("Idempotent-Replayed", nullValue())
        .body("balance", is(95));
    Api.debit(token, key, DEBIT).then().statusCode(201).header("Idempotent-Replayed", equalTo("true"));
    assertEquals(95, Api.balance(account));
  }

  @Test
  void usageAndUpgradeRequestsHonourAnOptionalKey() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    String key = key();
    for (int i = 0; i < 2; i++) {
      given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
          .header("Idempotency-Key", key).body("{\"delta\":4}")
          .post("/api/v1/provisioning/accounts/{id}/usage/assets", account)
          .then().statusCode(200).body("used", is(4));
    }
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .header("Idempotency-Key", key).body("{\"delta\":4}")
        .post("/api/v1/provisioning/accounts/{id}/usage/remediations", account), 422,
        "idempotency-key-reused");
    Api.usage(account, "assets", 1).then().statusCode(200).body("used", is(5));

    String upgradeKey = key();
    String body = "{\"category\":\"CREDITS\",\"quantity\":50}";
    String firstId = given().auth().oauth2(Tokens.admin(account)).contentType("application/json")
        .header("Idempotency-Key", upgradeKey).body(body)
        .post("/api/v1/subscription/upgrade-requests")
        .then().statusCode(202).extract().path("id");
    given().auth().oauth2(Tokens.admin(account)).contentType("application/json")
        .header("Idempotency-Key", upgradeKey).body(body)
        .post("/api/v1/subscription/upgrade-requests")
        .then().statusCode(202).header("Idempotent-Replayed", equalTo("true")).body("id", equalTo(firstId));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/upgrade-requests")
        .then().body("items", hasSize(1));
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .header("Idempotency-Key", "k".repeat(256)).body("{\"delta\":1}")
        .post("/api/v1/provisioning/accounts/{id}/usage/assets", account), 400, "validation-failed");
  }

  private String reservationStatus(String account, String key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "select status from idempotency_key where account_id = ? and idem_key = ?")) {
      s.setString(1, account);
      s.setString(2, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int countKeys(String account) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "select count(*) from idempotency_key where account_id = ?")) {
      s.setString(1, account);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
