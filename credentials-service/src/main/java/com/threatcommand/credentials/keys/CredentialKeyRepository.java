package com.threatcommand.credentials.keys;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The statuses are literals in the query text, never parameters: the indexes are partial ({@code
 * where status = 'ACTIVE'}, {@code where status <> 'REVOKED'}, V1__credentials.sql), and once the
 * driver prepares a statement PostgreSQL settles on a generic plan, which can use a partial index
 * only when the query itself implies the index's condition. With a parameter that plan is a
 * sequential scan of every account's keys, or, on a table that large, a new plan on every call.
 */
@ApplicationScoped
public class CredentialKeyRepository implements PanacheRepositoryBase<CredentialKey, UUID> {

  public Optional<CredentialKey> active(String accountId, KeyKind kind) {
    return find("accountId = ?1 and kind = ?2 and status = ACTIVE", accountId, kind)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /**
   * The account's live keys of both kinds in one query, for the status page: the active ones and
   * those rotated out whose grace period lasts past {@code now}, the newest rotation first.
   */
  public List<CredentialKey> live(String accountId, Instant now) {
    return find(
            "accountId = ?1 and status <> REVOKED and (status = ACTIVE or expiresAt > ?2)"
                + " order by rotatedAt desc nulls last",
            accountId,
            now)
        .list();
  }

  /** Rotated-out keys of that kind still in their grace period at {@code now}, newest first. */
  public List<CredentialKey> inGrace(String accountId, KeyKind kind, Instant now) {
    return find(
            "accountId = ?1 and kind = ?2 and status = ROTATED and expiresAt > ?3 order by rotatedAt desc",
            accountId,
            kind,
            now)
        .list();
  }

  /** Candidates for a presented key: same account, kind and lookup prefix, not revoked. */
  public List<CredentialKey> candidates(String accountId, KeyKind kind, String lookupPrefix) {
    return find(
            "accountId = ?1 and kind = ?2 and lookupPrefix = ?3 and status <> REVOKED",
            accountId,
            kind,
            lookupPrefix)
        .list();
  }

  /**
   * Serialises every change to one account's keys of one kind (generate, rotate, revoke) for the
   * rest of the transaction, on every replica: a PostgreSQL transaction-scoped advisory lock.
   */
  public void lock(String accountId, KeyKind kind) {
    getEntityManager()
        .createNativeQuery(
            "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:name, 0))) l")
        .setParameter("name", "credential_key/" + accountId + "/" + kind.slug())
        .getSingleResult();
  }
}
