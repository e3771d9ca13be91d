package com.threatcommand.credentials.keys;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every verification and every status read of a busy service reaches an account's keys through
 * the partial index {@code credential_key_lookup}, not by reading the whole table: once the JDBC
 * driver has prepared a statement, PostgreSQL may run it with a generic plan, and a generic plan
 * uses a partial index only when the query's own text implies the index's condition. Here the
 * table holds thousands of other accounts' keys and the database is told to use generic plans at
 * once; the index's scans are counted from PostgreSQL's statistics.
 */
@QuarkusTest
class KeyQueriesUseTheirIndexesTest {
  private static final int OTHER_KEYS = 6000;
  private static final int ROUNDS = 12;

  @Inject AgroalDataSource dataSource;

  @Test
  void verificationsAndStatusReadsUseThePartialIndexUnderGenericPlans() throws Exception {
    String accountId = Accounts.newId();
    String key = Keys.generate(accountId, "api-key").getString("key");
    String database = single("select current_database()");
    try {
      execute(
          "insert into credential_key (id, account_id, kind, status, lookup_prefix, key_hash, hint,"
              + " created_at, created_by_subject, rotated_at, expires_at, revoked_at)"
              + " select gen_random_uuid(), 'index-test-' || n, 'api-key',"
              + " (array['ACTIVE', 'ROTATED', 'REVOKED'])[n % 3 + 1], substr(md5(n::text), 1, 8),"
              + " sha256(n::text::bytea), 'tcak_…', now(), 'index-test',"
              + " case when n % 3 > 0 then now() end, case when n % 3 = 1 then now() + interval '1 day' end,"
              + " case when n % 3 = 2 then now() end"
              + " from generate_series(1, " + OTHER_KEYS + ") n");
      execute("analyze credential_key");
      alterDatabase(database, "set plan_cache_mode = force_generic_plan");
      long before = lookupIndexScans();
      for (int i = 0; i < ROUNDS; i++) {
        assertTrue(Keys.valid(accountId, key));
        assertFalse(Keys.valid(accountId, KeyMaterial.generate(KeyKind.API_KEY)));
        RestAssured.given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/credentials")
            .then().statusCode(200);
      }
      // PostgreSQL publishes a connection's counts within seconds of its last statement; each
      // round read the index three times (a sequential scan of the table would not count)
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                long scans = lookupIndexScans() - before;
                assertTrue(scans >= 3L * ROUNDS, scans + " scans of credential_key_lookup");
              });
    } finally {
      alterDatabase(database, "reset plan_cache_mode");
      execute("delete from credential_key where account_id like 'index-test-%'");
    }
  }

  /** Changes a setting of the database for new connections, and lets the pool make new ones. */
  private void alterDatabase(String database, String change) throws SQLException {
    execute("alter database \"" + database + "\" " + change);
    dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
  }

  private long lookupIndexScans() throws SQLException {
    return Long.parseLong(
        single("select idx_scan from pg_stat_user_indexes where indexrelname = 'credential_key_lookup'"));
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String single(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
