package com.threatcommand.credentials.keys;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Last-used times at minute precision, never a database write per verification: a verification
 * only notes the key's current minute in memory; a scheduled flush writes what changed in one
 * JDBC batch. A key is written at most once per minute by each replica, and never backwards.
 */
@ApplicationScoped
public class LastUsedTracker {
  private static final Logger LOG = Logger.getLogger(LastUsedTracker.class);

  private final ConcurrentHashMap<UUID, Instant> pending = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, Instant> written = new ConcurrentHashMap<>();
  private final EntityManager entityManager;
  private final Clock clock;
  private final Counter writes;

  LastUsedTracker(EntityManager entityManager, Clock clock, MeterRegistry registry) {
    this.entityManager = entityManager;
    this.clock = clock;
    this.writes =
        Counter.builder("credentials.last_used.writes")
            .description("Rows written by the batched last-used flush")
            .register(registry);
  }

  /** Notes a successful verification of {@code keyId} at {@code now}. Memory only. */
  public void record(UUID keyId, Instant now) {
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    Instant done = written.get(keyId);
    if (done != null && !minute.isAfter(done)) {
      return;
    }
    pending.merge(keyId, minute, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** The freshest last-used time known here: the stored one, or a newer one not yet flushed. */
  public Instant latest(UUID keyId, Instant stored) {
    Instant local = pending.get(keyId);
    if (local == null) {
      local = written.get(keyId);
    }
    if (local == null) {
      return stored;
    }
    return stored == null || local.isAfter(stored) ? local : stored;
  }

  @Scheduled(
      every = "${key.last-used.flush-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledFlush() {
    flush();
  }

  void onStop(@Observes ShutdownEvent event) {
    flush();
  }

  /** Writes pending times in one batch; returns the number of rows updated. */
  public synchronized int flush() {
    if (pending.isEmpty()) {
      pruneWritten();
      return 0;
    }
    Map<UUID, Instant> batch = new HashMap<>();
    for (Map.Entry<UUID, Instant> entry : pending.entrySet()) {
      if (pending.remove(entry.getKey(), entry.getValue())) {
        batch.put(entry.getKey(), entry.getValue());
      }
    }
    int updated;
    try {
      updated = QuarkusTransaction.requiringNew().call(() -> write(batch));
    } catch (RuntimeException e) {
      LOG.warnf(
          "Could not write last-used times (%d keys); will retry: %s", batch.size(), e.getMessage());
      batch.forEach((id, at) -> pending.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
      return 0;
    }
    written.putAll(batch);
    writes.increment(updated);
    pruneWritten();
    return updated;
  }

  private int write(Map<UUID, Instant> batch) {
    int[] total = {0};
    entityManager
        .unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement update =
                  connection.prepareStatement(
                      "update credential_key set last_used_at = ? where id = ?"
                          + " and (last_used_at is null or last_used_at < ?)")) {
                for (Map.Entry<UUID, Instant> entry : batch.entrySet()) {
                  OffsetDateTime at = OffsetDateTime.ofInstant(entry.getValue(), ZoneOffset.UTC);
                  update.setObject(1, at);
                  update.setObject(2, entry.getKey());
                  update.setObject(3, at);
                  update.addBatch();
                }
                for (int count : update.executeBatch()) {
                  total[0] += Math.max(count, 0);
                }
              }
            });
    return total[0];
  }

  /** Forgets keys not seen for two minutes, so memory stays bounded by recently used keys. */
  private void pruneWritten() {
    Instant horizon = clock.instant().minus(Duration.ofMinutes(2));
    written.values().removeIf(at -> at.isBefore(horizon));
  }
}
