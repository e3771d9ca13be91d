package com.threatcommand.credentials.keys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.SQLException;
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
