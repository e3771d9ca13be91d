package com.threatcommand.subscription.upgrade;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.GreenMailResource;
import com.threatcommand.subscription.support.RelayControl;
import com.threatcommand.subscription.support.RelayCrash;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay against real SMTP (GreenMail) and the real database. The scheduled job is
 * paused and the relay driven by hand (the same bean method the schedule calls), so that each test
 * decides when passes run.
 */
@QuarkusTest
class OutboxRelayTest {
  @Inject OutboxRelay relay;
  @Inject Scheduler scheduler;
  @Inject RelayCrash crash;
  @Inject MutableClock clock;
  @Inject DataSource dataSource;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @BeforeEach
  void takeOverTheRelay() {
    RelayControl.takeOver(scheduler, relay);
  }

  @AfterEach
  void restore() {
    crash.disarm();
    GreenMailResource.startServer();
    clock.reset();
    RelayControl.handBack(scheduler);
  }

  private record Outbox(String status, int attempts, Instant nextAttemptAt, Instant retryUntil,
      String lastError, Instant createdAt) {}

  private String newRequest(String account, int quantity) {
    return given().auth().oauth2(Tokens.admin(account)).contentType("application/json")
        .body("{\"category\":\"CREDITS\",\"quantity\":" + quantity + "}")
        .post("/api/v1/subscription/upgrade-requests")
        .then().statusCode(202).body("status", equalTo("PENDING")).extract().path("id");
  }

  private static String messageId(String id) {
    return "<upgrade-request." + id + "@subscription.threatcommand.io>";
  }

  private static int copies(String id) {
    return GreenMailResource.withMessageId(messageId(id)).size();
  }

  private String apiStatus(String account, String id) {
    return given().auth().oauth2(Tokens.admin(account))
        .get("/api/v1/subscription/upgrade-requests/{id}", id)
        .then().statusCode(200).extract().path("status");
  }

  private Outbox outbox(String requestId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "select status, attempts, next_attempt_at, retry_until, last_error, created_at"
                + " from outbox_message where request_id = ?")) {
      s.setObject(1, UUID.fromString(requestId));
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "no outbox row for " + requestId);
        return new Outbox(r.getString(1), r.getInt(2),
            r.getTimestamp(3).toInstant(), r.getTimestamp(4).toInstant(), r.getString(5),
            r.getTimestamp(6).toInstant());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs passes, moving the clock to each due attempt, until the request leaves PENDING. */
  private void relayUntilSettled(String requestId, int maxPasses) {
    for (int i = 0; i < maxPasses && outbox(requestId).status().equals("PENDING"); i++) {
      Instant due = outbox(requestId).nextAttemptAt();
      if (due.isAfter(clock.instant())) {
        clock.setInstant(due);
      }
      relay.relayDue();
    }
  }

  @Test
  void requestIsStoredWithItsOutboxRowAndSentOnce() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    String id = newRequest(account, 5);
    Outbox pending = outbox(id);
    assertEquals("PENDING", pending.status());
    assertEquals(0, pending.attempts());
    // At least 24 hours of retries from the start.
    assertEquals(Duration.ofHours(24), Duration.between(pending.createdAt(), pending.retryUntil()));
    relayUntilSettled(id, 50);
    assertEquals("SENT", outbox(id).status());
    assertEquals(1, outbox(id).attempts());
    assertEquals(1, copies(id));
    relay.relayDue();
    assertEquals(1, copies(id));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/upgrade-requests/{id}", id)
        .then().body("status", equalTo("SENT")).body("sentAt", notNullValue());
  }

  @Test
  void withSmtpDownRequestsAreAcceptedAndKeptThenEachIsDeliveredOnceWhenItIsBack() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    GreenMailResource.stopServer();
    List<String> ids = List.of(newRequest(account, 1), newRequest(account, 2), newRequest(account, 3));
    clock.setInstant(Instant.now().plusSeconds(1));
    // Every pass tries what is due, fails, schedules the next attempt, and stops.
    for (int i = 0; i < 20; i++) {
      relay.relayDue();
    }
    for (String id : ids) {
      Outbox o = outbox(id);
      assertEquals("PENDING", o.status(), id);
      assertEquals("PENDING", apiStatus(account, id));
      assertEquals(1, o.attempts(), id);
      assertTrue(o.nextAttemptAt().isAfter(clock.instant()), "next attempt is scheduled later");
      assertNotNull(o.lastError());
    }
    // Still down an hour later: still kept, with the waits growing.
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 20; i++) {
      relay.relayDue();
    }
    for (String id : ids) {
      Outbox o = outbox(id);
      assertEquals("PENDING", o.status());
      assertEquals(2, o.attempts());
      assertEquals(clock.instant().plusSeconds(60).getEpochSecond(), o.nextAttemptAt().getEpochSecond(), 2);
    }

    GreenMailResource.startServer();
    for (String id : ids) {
      relayUntilSettled(id, 20);
    }
    for (String id : ids) {
      assertEquals("SENT", outbox(id).status());
      assertEquals("SENT", apiStatus(account, id));
      assertEquals(1, copies(id), "exactly one copy of " + id);
    }
  }

  @Test
  void aRelayThatDiesMidBatchLosesNothing() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    String first = newRequest(account, 1);
    String second = newRequest(account, 2);
    String third = newRequest(account, 3);
    crash.armFor(UUID.fromString(second));
    // The pass sends the first (committed), has the second accepted by SMTP, then dies.
    RuntimeException died = assertThrows(RuntimeException.class, () -> {
      for (int i = 0; i < 50; i++) {
        relay.relayDue();
      }
    });
    assertTrue(causedBy(died, RelayCrash.Died.class), String.valueOf(died));
    assertEquals("SENT", outbox(first).status());
    assertEquals(1, copies(first));
    assertEquals(1, copies(second)); // accepted by the SMTP server ...
    assertEquals("PENDING", outbox(second).status()); // ... but never marked: it is still owed
    assertEquals("PENDING", outbox(third).status());
    assertEquals(0, copies(third));

    // Another pass (any replica, or this one restarted) finishes the job.
    relayUntilSettled(second, 50);
    relayUntilSettled(third, 50);
    for (String id : List.of(first, second, third)) {
      assertEquals("SENT", outbox(id).status());
      assertEquals("SENT", apiStatus(account, id));
    }
    assertEquals(1, copies(first));
    assertEquals(1, copies(third));
    // The one in flight at the crash arrives twice, both copies with the same Message-ID, so the
    // mail system can drop the duplicate.
    List<MimeMessage> twice = GreenMailResource.withMessageId(messageId(second));
    assertEquals(2, twice.size());
  }

  @Test
  void afterTwentyFourHoursOfFailedRetriesTheRequestIsFailed() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    GreenMailResource.stopServer();
    String id = newRequest(account, 4);
    Instant created = outbox(id).createdAt();
    List<Instant> attempts = new ArrayList<>();
    for (int i = 0; i < 400 && outbox(id).status().equals("PENDING"); i++) {
      Outbox before = outbox(id);
      if (before.nextAttemptAt().isAfter(clock.instant())) {
        clock.setInstant(before.nextAttemptAt());
      }
      relay.relayDue();
      if (outbox(id).attempts() > before.attempts()) {
        attempts.add(clock.instant());
      }
    }
    Outbox failed = outbox(id);
    assertEquals("FAILED", failed.status());
    assertEquals("FAILED", apiStatus(account, id));
    // Retried for at least 24 hours, the last attempt at the end of the window.
    Instant last = attempts.get(attempts.size() - 1);
    assertTrue(!last.isBefore(created.plus(Duration.ofHours(24))), "last attempt " + last);
    // Exponential backoff: 30 s, 1 min, 2 min, ... capped at one hour.
    assertEquals(30, Duration.between(attempts.get(0), attempts.get(1)).toSeconds(), 1);
    assertEquals(60, Duration.between(attempts.get(1), attempts.get(2)).toSeconds(), 1);
    assertEquals(120, Duration.between(attempts.get(2), attempts.get(3)).toSeconds(), 1);
    for (int i = 1; i < attempts.size(); i++) {
      assertTrue(Duration.between(attempts.get(i - 1), attempts.get(i)).compareTo(Duration.ofHours(1)) <= 0);
    }
    assertEquals(attempts.size(), failed.attempts());
    // FAILED is final: SMTP coming back does not resurrect it.
    GreenMailResource.startServer();
    relay.relayDue();
    assertEquals(0, copies(id));
    assertEquals("FAILED", outbox(id).status());
  }

  @Test
  void severalRelaysAtOnceDeliverEachRequestExactlyOnce() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(newRequest(account, i + 1));
    }
    clock.setInstant(Instant.now().plusSeconds(1));
    ExecutorService replicas = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> passes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        passes.add(replicas.submit(relay::relayDue));
      }
      for (Future<Integer> pass : passes) {
        pass.get(60, TimeUnit.SECONDS);
      }
    } finally {
      replicas.shutdownNow();
    }
    for (String id : ids) {
      relayUntilSettled(id, 20);
      assertEquals("SENT", outbox(id).status());
      // No two relays ever send the same row at once (SKIP LOCKED): never more copies than attempts,
      // and one copy where one attempt was enough. An attempt that timed out on a loaded machine
      // after the SMTP server had accepted the message is tried again: a second copy with the same
      // Message-ID (copies are counted by it), which is SMTP's at-least-once and what API.md allows.
      int attempts = outbox(id).attempts();
      int copies = copies(id);
      assertTrue(copies >= 1 && copies <= attempts, id + ": " + copies + " copies in " + attempts + " attempts");
      if (attempts == 1) {
        assertEquals(1, copies, "exactly one copy of " + id);
      }
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
