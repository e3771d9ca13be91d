package com.threatcommand.subscription.credits;

import static com.threatcommand.subscription.support.Api.key;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import com.threatcommand.common.http.AccountChangeTurns;
import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Api;
import com.threatcommand.subscription.support.RawRequest;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Many callers at once, against the real database: nothing is overdrawn, exceeded or doubled. */
@QuarkusTest
class ConcurrencyTest {
  @Inject DataSource dataSource;
  @Inject AccountChangeTurns turns;

  @Test
  void fiftyParallelDebitsAgainstABalanceForTwentyLetExactlyTwentyThrough() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 20);
    String token = Tokens.admin(account);
    List<Response> responses =
        inParallel(50, () -> Api.debit(token, key(), "{\"amount\":1,\"purpose\":\"RESEARCH\"}"));

    assertEquals(20, count(responses, 201));
    assertEquals(30, count(responses, 409));
    responses.stream().filter(r -> r.statusCode() == 409)
        .forEach(r -> assertTrue(r.jsonPath().getString("type").endsWith("/insufficient-credits")));
    assertEquals(0, Api.balance(account));

    JsonPath ledger = given().auth().oauth2(token).queryParam("limit", 200)
        .get("/api/v1/subscription/credits/transactions").then().statusCode(200).extract().jsonPath();
    List<Integer> amounts = ledger.getList("items.amount");
    List<String> kinds = ledger.getList("items.kind");
    List<Integer> after = ledger.getList("items.balanceAfter");
    assertEquals(21, amounts.size());
    long granted = 0;
    long debited = 0;
    for (int i = 0; i < kinds.size(); i++) {
      if (kinds.get(i).equals("GRANT")) {
        granted += amounts.get(i);
      } else {
        debited += amounts.get(i);
      }
    }
    assertEquals(20, granted);
    assertEquals(20, debited);
    // Each debit saw its own balance: 19, 18, ..., 0 newest last, none twice.
    assertEquals(20, new HashSet<>(after.subList(0, 20)).size());
    assertEquals(0, after.get(0));
  }

  @Test
  void fiftyParallelConsumesAgainstTenRemainingLetExactlyTenThrough() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 30, 5);
    Api.usage(account, "assets", 20).then().statusCode(200);
    List<Response> responses = inParallel(50, () -> Api.usage(account, "assets", 1));
    assertEquals(10, count(responses, 200));
    assertEquals(40, count(responses, 409));
    responses.stream().filter(r -> r.statusCode() == 409)
        .forEach(r -> assertTrue(r.jsonPath().getString("type").endsWith("/limit-exceeded")));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription").then()
        .body("limitations.assets.used", org.hamcrest.Matchers.is(30))
        .body("limitations.assets.remaining", org.hamcrest.Matchers.is(0));
  }

  @Test
  void oneKeySentTwentyTimesInParallelDebitsOnce() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String token = Tokens.admin(account);
    String key = key();
    List<Response> responses =
        inParallel(20, () -> Api.debit(token, key, "{\"amount\":5,\"purpose\":\"RESEARCH\"}"));

    List<Response> originals = new ArrayList<>();
    List<Response> replays = new ArrayList<>();
    for (Response r : responses) {
      if (r.statusCode() == 201) {
        ("true".equals(r.header("Idempotent-Replayed")) ? replays : originals).add(r);
      } else {
        assertEquals(409, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getString("type").endsWith("/idempotency-in-progress"));
      }
    }
    assertEquals(1, originals.size());
    for (Response replay : replays) {
      assertArrayEquals(originals.get(0).asByteArray(), replay.asByteArray());
    }
    assertEquals(95, Api.balance(account));
    given().auth().oauth2(token).get("/api/v1/subscription/credits/transactions").then()
        .body("items.kind", org.hamcrest.Matchers.contains("DEBIT", "GRANT"));
  }

  @Test
  void debitsPilingUpOnOneAccountsLockedRowLeaveEveryOtherAccountServed() throws Exception {
    String stuck = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(stuck, 1000);
    String other = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(other, 100);
    String stuckToken = Tokens.admin(stuck);
    String debit = "{\"amount\":1,\"purpose\":\"RESEARCH\"}";
    List<String> keys = new ArrayList<>();
    List<Future<Response>> piled = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(30);
    // Another transaction keeps the stuck account's row locked longer than every wait allows.
    try (Connection holder = dataSource.getConnection()) {
      Accounts.lockRow(holder, stuck);
      for (int i = 0; i < 30; i++) {
        String key = key();
        keys.add(key);
        piled.add(callers.submit(() -> Api.debit(stuckToken, key, debit)));
      }
      // Two of them wait on the row in PostgreSQL; the 28 others wait their turn without a worker
      // thread or a connection.
      await().atMost(Duration.ofSeconds(10)).until(() -> turns.load(stuck)[0] == 2 && turns.load(stuck)[1] == 28);

      // So the pool's 20 connections are not all waiting on that row: another account is served.
      Response served =
          CompletableFuture.supplyAsync(() -> Api.debit(Tokens.admin(other), key(), debit))
              .get(30, TimeUnit.SECONDS);
      served.then().statusCode(201).body("balance", is(99));
      Api.usage(other, "assets", 1).then().statusCode(200);
      // Reads take no turn: the stuck account's own page still loads, with its balance untouched.
      given().auth().oauth2(stuckToken).get("/api/v1/subscription").then().statusCode(200)
          .body("credits.balance", is(1000));
      given().auth().oauth2(stuckToken).get("/api/v1/subscription/credits/transactions").then()
          .statusCode(200);

      // Every piled debit is refused, none ran: those that waited their turn longer than
      // account-changes.max-wait, and the two on the row after lock_timeout (5 s each in tests).
      List<Response> refused = new ArrayList<>();
      for (Future<Response> f : piled) {
        refused.add(f.get(60, TimeUnit.SECONDS));
      }
      holder.rollback();
      for (Response r : refused) {
        assertEquals(503, r.statusCode(), r.asString());
        assertEquals("1", r.header("Retry-After"));
        assertTrue(r.jsonPath().getString("type").endsWith("/upstream-unavailable"));
        assertTrue(r.jsonPath().getString("detail").contains("Nothing was changed"));
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(1000, Api.balance(stuck));
    assertEquals(0, turns.load(stuck)[0] + turns.load(stuck)[1], "every lane and place given back");
    // Nothing was stored under their keys: the same request goes through now.
    Api.debit(stuckToken, keys.get(0), debit).then().statusCode(201)
        .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue()).body("balance", is(999));
  }

  @Test
  void getMoreWaitingOnOneAccountsLockedRowNeitherHoldsUpNorBreaksAnotherAccounts() throws Exception {
    // Get More and provisioning lock the account's subscription row before they read it. With
    // Hibernate 7.2's find(..., PESSIMISTIC_WRITE) on an entity with an eager collection, that
    // was "follow-on locking", whose collected rows are shared by every caller of the same load
    // plan: another account's Get More then locked the waiting one's row too, waited on it, and
    // failed (NullPointerException in TableLock; ConcurrentModificationException under load).
    String stuck = Accounts.provisioned("GOLD", "2030-01-01", 10, 5, "Discovery");
    String other = Accounts.provisioned("GOLD", "2030-01-01", 10, 5, "Discovery");
    String getMore = "{\"category\":\"CREDITS\",\"quantity\":10}";
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (Connection holder = dataSource.getConnection()) {
      Accounts.lockRow(holder, stuck);
      Future<Response> waiting = callers.submit(() -> upgradeRequest(stuck, getMore));
      await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnALock() == 1);

      // Another account's Get More is answered while that row is still held, and only that row.
      Response served = callers.submit(() -> upgradeRequest(other, getMore)).get(30, TimeUnit.SECONDS);
      served.then().statusCode(202).body("status", is("PENDING"));
      assertEquals(1, waitingOnALock());

      holder.rollback();
      waiting.get(30, TimeUnit.SECONDS).then().statusCode(202).body("status", is("PENDING"));
    } finally {
      callers.shutdownNow();
    }
  }

  private static Response upgradeRequest(String account, String body) {
    return given().auth().oauth2(Tokens.admin(account)).contentType("application/json").body(body)
        .post("/api/v1/subscription/upgrade-requests");
  }

  /** Statements of the database's other sessions waiting for a lock at this moment. */
  private int waitingOnALock() throws java.sql.SQLException {
    try (Connection c = dataSource.getConnection();
        var count = c.prepareStatement(
            "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()");
        var rows = count.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void changesWhoseBodiesArriveSlowlyTakeNoTurnWhileTheyArrive() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String token = Tokens.admin(account);
    String debit = "{\"amount\":1,\"purpose\":\"RESEARCH\"}";
    int half = debit.length() / 2;
    List<RawRequest> slow = new ArrayList<>();
    try {
      // More debits than the account has lanes (2) send their headers and half their body, then
      // nothing for now: a client on a slow line.
      for (int i = 0; i < 3; i++) {
        slow.add(new RawRequest("POST", "/api/v1/subscription/credits/debits",
            "Authorization: Bearer " + token, "Content-Type: application/json",
            "Idempotency-Key: " + key(), "Content-Length: " + debit.length())
            .send(debit.substring(0, half)));
      }
      // The account's next change does not wait behind them (it would get 503 after
      // account-changes.max-wait): a body still arriving holds no lane.
      Api.debit(token, key(), debit).then().statusCode(201).body("balance", is(99));
      assertArrayEquals(new int[] {0, 0}, turns.load(account));

      // Their bodies end: each is answered, and debited once.
      for (RawRequest request : slow) {
        request.send(debit.substring(half));
      }
      for (RawRequest request : slow) {
        String response = request.response();
        assertEquals(201, RawRequest.status(response), response);
      }
    } finally {
      for (RawRequest request : slow) {
        request.close();
      }
    }
    assertEquals(96, Api.balance(account));
  }

  private static List<Response> inParallel(int n, Supplier<Response> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return call.get();
        }));
      }
      start.countDown();
      List<Response> responses = new ArrayList<>();
      for (Future<Response> f : futures) {
        responses.add(f.get(60, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long count(List<Response> responses, int status) {
    return responses.stream().filter(r -> r.statusCode() == status).count();
  }
}
