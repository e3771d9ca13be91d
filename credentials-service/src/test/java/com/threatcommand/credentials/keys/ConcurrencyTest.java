package com.threatcommand.credentials.keys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import com.threatcommand.common.http.AccountChangeTurns;
import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many administrators pressing the same button at once, and the database's own guarantees. */
@QuarkusTest
class ConcurrencyTest {
  private static final int CALLERS = 50;

  @Inject AgroalDataSource dataSource;
  @Inject AccountChangeTurns turns;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void fiftyConcurrentGeneratesGiveExactlyOneKey() throws Exception {
    String accountId = Accounts.newId();
    List<Response> responses = concurrently(accountId, r -> r.post("/api/v1/credentials/api-key"));
    Map<Integer, Long> byStatus =
        responses.stream().collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
    assertEquals(Map.of(201, 1L, 409, (long) CALLERS - 1), byStatus);
    responses.stream().filter(r -> r.statusCode() == 409).forEach(
        r -> assertTrue(r.jsonPath().getString("type").endsWith("/key-already-exists")));
    assertEquals(1, count("select count(*) from credential_key where account_id = ? and status = 'ACTIVE'", accountId));
    assertEquals(1, count("select count(*) from credential_key where account_id = ?", accountId));
    assertEquals(1, count("select count(*) from audit_event where account_id = ? and type = 'KEY_GENERATED'", accountId));
    String key = responses.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow()
        .jsonPath().getString("key");
    assertTrue(Keys.valid(accountId, key));
  }

  @Test
  void concurrentRotationsAndRevocationsLeaveAConsistentState() throws Exception {
    String accountId = Accounts.newId();
    Keys.generate(accountId, "appliance-key");
    List<Response> rotations =
        concurrently(accountId, r -> r.contentType("application/json").body("{\"graceSeconds\":600}")
            .post("/api/v1/credentials/appliance-key/rotation"));
    assertTrue(rotations.stream().allMatch(r -> r.statusCode() == 201));
    assertEquals(1, count("select count(*) from credential_key where account_id = ? and status = 'ACTIVE'", accountId));
    // only one previous key is ever in grace: each rotation cut off the one before
    assertEquals(1, count("select count(*) from credential_key where account_id = ? and status = 'ROTATED' and expires_at > now()", accountId));

    List<Response> revocations =
        concurrently(accountId, r -> r.delete("/api/v1/credentials/appliance-key"));
    Map<Integer, Long> byStatus =
        revocations.stream().collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
    assertEquals(Map.of(204, 1L, 404, (long) CALLERS - 1), byStatus);
    assertEquals(0, count("select count(*) from credential_key where account_id = ? and (status = 'ACTIVE' or (status = 'ROTATED' and expires_at > now()))", accountId));
  }

  @Test
  void theDatabaseItselfRefusesASecondActiveKey() throws Exception {
    String accountId = Accounts.newId();
    Keys.generate(accountId, "api-key");
    SQLException e = assertThrows(SQLException.class, () -> {
      try (var c = dataSource.getConnection();
          var insert = c.prepareStatement(
              "insert into credential_key (id, account_id, kind, status, lookup_prefix, key_hash, hint,"
                  + " created_at, created_by_subject) values (gen_random_uuid(), ?, 'api-key', 'ACTIVE',"
                  + " 'abcdefgh', decode(repeat('00', 32), 'hex'), 'tcak_…0000', now(), 'test')")) {
        insert.setString(1, accountId);
        insert.executeUpdate();
      }
    });
    assertEquals("23505", e.getSQLState());
    assertTrue(e.getMessage().contains("credential_key_one_active"));
  }

  @Test
  void auditRowsCannotBeAlteredOrDeletedEvenWithDirectSql() throws Exception {
    String accountId = Accounts.newId();
    Keys.generate(accountId, "api-key");
    for (String sql :
        List.of(
            "update audit_event set actor_subject = 'someone-else' where account_id = ?",
            "delete from audit_event where account_id = ?")) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (var c = dataSource.getConnection(); var statement = c.prepareStatement(sql)) {
          statement.setString(1, accountId);
          statement.executeUpdate();
        }
      });
      assertTrue(e.getMessage().contains("append-only"), e.getMessage());
    }
    assertThrows(SQLException.class, () -> {
      try (var c = dataSource.getConnection(); var statement = c.createStatement()) {
        statement.execute("truncate audit_event");
      }
    });
    assertEquals(2, count("select count(*) from audit_event where account_id = ? and actor_subject = 'admin-user'", accountId));
  }

  @Test
  void keyChangesPilingUpOnOneAccountsHeldLockTakeTurnsAndOtherAccountsAreServed() throws Exception {
    String stuck = Accounts.newId();
    String token = Tokens.admin(stuck);
    List<Future<Response>> piled;
    ExecutorService callers = Executors.newFixedThreadPool(10);
    try (Connection holder = dataSource.getConnection()) {
      piled = pileUpGenerates(holder, callers, stuck, "api-key");
      String other = Accounts.newId();
      given().auth().oauth2(Tokens.admin(other)).post("/api/v1/credentials/api-key").then()
          .statusCode(201);
      given().auth().oauth2(token).get("/api/v1/credentials").then().statusCode(200);
      holder.rollback();
    } finally {
      callers.shutdown();
    }
    // Released: at most one key was made, and every other answer says why there is none for it.
    Map<Integer, Long> byStatus = new java.util.HashMap<>();
    for (Future<Response> f : piled) {
      Response r = f.get(60, TimeUnit.SECONDS);
      byStatus.merge(r.statusCode(), 1L, Long::sum);
      if (r.statusCode() == 409) {
        assertTrue(r.jsonPath().getString("type").endsWith("/key-already-exists"), r.asString());
      } else if (r.statusCode() == 503) {
        assertTrue(r.jsonPath().getString("type").endsWith("/upstream-unavailable"), r.asString());
        assertEquals("1", r.header("Retry-After"));
      } else {
        assertEquals(201, r.statusCode(), r.asString());
      }
    }
    assertTrue(byStatus.getOrDefault(201, 0L) <= 1, byStatus.toString());
    assertEquals(byStatus.getOrDefault(201, 0L),
        count("select count(*) from credential_key where account_id = ?", stuck));
    assertEquals(0, turns.load(stuck)[0] + turns.load(stuck)[1], "every lane and place given back");
  }

  @Test
  void aRevocationDoesNotWaitBehindTheAccountsPiledUpKeyChanges() throws Exception {
    String account = Accounts.newId();
    String apiKey = Keys.generate(account, "api-key").getString("key");
    String token = Tokens.admin(account);
    ExecutorService callers = Executors.newFixedThreadPool(10);
    try (Connection holder = dataSource.getConnection()) {
      List<Future<Response>> piled = pileUpGenerates(holder, callers, account, "appliance-key");
      // The API key is revoked while they are all still there: not after them, and not refused
      // for waiting too long behind them.
      given().auth().oauth2(token).delete("/api/v1/credentials/api-key").then().statusCode(204);
      assertFalse(Keys.valid(account, apiKey));
      assertArrayEquals(new int[] {2, 8}, turns.load(account));
      holder.rollback();
      for (Future<Response> f : piled) {
        int status = f.get(60, TimeUnit.SECONDS).statusCode();
        assertTrue(status == 201 || status == 409 || status == 503, "status " + status);
      }
    } finally {
      callers.shutdown();
    }
  }

  /**
   * {@code holder} takes the account's lock for one kind of key (KeyService's advisory lock), and
   * 10 "Generate" requests of that kind pile up behind it: two wait on the lock in PostgreSQL,
   * eight wait their turn without a worker or connection.
   */
  private List<Future<Response>> pileUpGenerates(
      Connection holder, ExecutorService callers, String account, String kind) throws SQLException {
    holder.setAutoCommit(false);
    try (PreparedStatement lock =
        holder.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      lock.setString(1, "credential_key/" + account + "/" + kind);
      lock.executeQuery().close();
    }
    String token = Tokens.admin(account);
    List<Future<Response>> piled = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      piled.add(callers.submit(
          () -> given().auth().oauth2(token).post("/api/v1/credentials/" + kind)));
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> turns.load(account)[0] == 2 && turns.load(account)[1] == 8);
    return piled;
  }

  private List<Response> concurrently(
      String accountId, Function<io.restassured.specification.RequestSpecification, Response> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        String token = Tokens.admin(accountId);
        futures.add(pool.submit(() -> {
          start.await();
          return call.apply(given().auth().oauth2(token));
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

  private long count(String sql, String accountId) throws SQLException {
    try (var c = dataSource.getConnection(); var query = c.prepareStatement(sql)) {
      query.setString(1, accountId);
      try (var rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
