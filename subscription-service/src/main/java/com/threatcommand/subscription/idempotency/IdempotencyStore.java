package com.threatcommand.subscription.idempotency;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code idempotency_key} table: one row per (account, key) with the request's fingerprint,
 * its state (IN_PROGRESS under an owner token and a lease, or COMPLETED with the stored response)
 * and when it was first used. Only SQL; what the rows mean for a request is {@link Idempotency}'s.
 * Every method but {@link #purgeExpired()} runs in the caller's transaction.
 */
@ApplicationScoped
class IdempotencyStore {
  /** A key's row as stored. */
  record StoredKey(
      String requestHash,
      boolean completed,
      Instant lockedUntil,
      Integer responseStatus,
      byte[] responseBody,
      Instant createdAt) {}

  private final EntityManager em;
  private final Clock clock;
  private final IdempotencyConfig config;

  IdempotencyStore(EntityManager em, Clock clock, IdempotencyConfig config) {
    this.em = em;
    this.clock = clock;
    this.config = config;
  }

  /** Reserves a key not seen before; false if the key already has a row. */
  boolean insert(
      String accountId, String key, String hash, UUID owner, Instant lockedUntil, Instant now) {
    return em.createNativeQuery(
                "insert into idempotency_key (account_id, idem_key, request_hash, status, owner,"
                    + " locked_until, created_at) values (:account, :key, :hash, 'IN_PROGRESS',"
                    + " :owner, :lockedUntil, :now) on conflict (account_id, idem_key) do nothing")
            .setParameter("account", accountId)
            .setParameter("key", key)
            .setParameter("hash", hash)
            .setParameter("owner", owner)
            .setParameter("lockedUntil", lockedUntil)
            .setParameter("now", now)
            .executeUpdate()
        == 1;
  }

  /** The key's row, locked until the transaction ends; empty if it was purged meanwhile. */
  Optional<StoredKey> lock(String accountId, String key) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select request_hash, status, locked_until, response_status, response_body,"
                    + " created_at from idempotency_key where account_id = :account and idem_key ="
                    + " :key for update")
            .setParameter("account", accountId)
            .setParameter("key", key)
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            row ->
                new StoredKey(
                    (String) row[0],
                    "COMPLETED".equals(row[1]),
                    row[2] == null ? null : instant(row[2]),
                    row[3] == null ? null : ((Number) row[3]).intValue(),
                    (byte[]) row[4],
                    instant(row[5])));
  }

  /** Makes a locked row a fresh reservation under a new owner, fencing off the old one. */
  void takeOver(
      String accountId,
      String key,
      String hash,
      UUID owner,
      Instant lockedUntil,
      Instant createdAt) {
    em.createNativeQuery(
            "update idempotency_key set request_hash = :hash, status = 'IN_PROGRESS', owner ="
                + " :owner, locked_until = :lockedUntil, response_status = null, response_body ="
                + " null, created_at = :createdAt where"
                + " account_id = :account and idem_key = :key")
        .setParameter("hash", hash)
        .setParameter("owner", owner)
        .setParameter("lockedUntil", lockedUntil)
        .setParameter("createdAt", createdAt)
        .setParameter("account", accountId)
        .setParameter("key", key)
        .executeUpdate();
  }

  /** Stores the response if {@code owner} still holds the reservation; false if it lost it. */
  boolean complete(String accountId, String key, UUID owner, int status, byte[] body) {
    return em.createNativeQuery(
                "update idempotency_key set status = 'COMPLETED', response_status = :status,"
                    + " response_body = :body, locked_until = null where account_id = :account and"
                    + " idem_key = :key and owner = :owner and status = 'IN_PROGRESS'")
            .setParameter("status", status)
            .setParameter("body", body)
            .setParameter("account", accountId)
            .setParameter("key", key)
            .setParameter("owner", owner)
            .executeUpdate()
        == 1;
  }

  /** Forgets a reservation that {@code owner} still holds, so that the key may be retried. */
  void release(String accountId, String key, UUID owner) {
    em.createNativeQuery(
            "delete from idempotency_key where account_id = :account and idem_key ="
                + " :key and owner = :owner and status = 'IN_PROGRESS'")
        .setParameter("account", accountId)
        .setParameter("key", key)
        .setParameter("owner", owner)
        .executeUpdate();
  }

  /** Deletes keys older than the retention, in a transaction of its own; returns how many. */
  int purgeExpired() {
    Instant cutoff = clock.instant().minus(config.retention());
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                em.createNativeQuery("delete from idempotency_key where created_at < :cutoff")
                    .setParameter("cutoff", cutoff)
                    .executeUpdate());
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
  }
}
