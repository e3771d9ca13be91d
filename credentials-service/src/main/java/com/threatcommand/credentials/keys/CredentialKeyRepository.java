package com.threatcommand.credentials.keys;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CredentialKeyRepository implements PanacheRepositoryBase<CredentialKey, UUID> {

  public Optional<CredentialKey> active(String accountId, KeyKind kind) {
    return find(
            "accountId = ?1 and kind = ?2 and status = ?3",
            accountId,
            kind,
            CredentialKey.Status.ACTIVE)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /**
   * The account's live keys of both kinds in one query, for the status page: the active ones and
   * those rotated out whose grace period lasts past {@code now}, the newest rotation first.
   */
  public List<CredentialKey> live(String accountId, Instant now) {
    return find(
            "accountId = ?1 and status <> ?2 and (status = ?3 or expiresAt > ?4) order by rotatedAt desc nulls last",
            accountId,
            CredentialKey.Status.REVOKED,
            CredentialKey.Status.ACTIVE,
            now)
        .list();
  }

  /** Rotated-out keys of that kind still in their grace period at {@code now}, newest first. */
  public List<CredentialKey> inGrace(String accountId, KeyKind kind, Instant now) {
    return find(
            "accountId = ?1 and kind = ?2 and status = ?3 and expiresAt > ?4 order by rotatedAt desc",
            accountId,
            kind,
            CredentialKey.Status.ROTATED,
            now)
        .list();
  }

  /** Candidates for a presented key: same account, kind and lookup prefix, not revoked. */
  public List<CredentialKey> candidates(String accountId, KeyKind kind, String lookupPrefix) {
    return find(
            "accountId = ?1 and kind = ?2 and lookupPrefix = ?3 and status <> ?4",
            accountId,
            kind,
            lookupPrefix,
            CredentialKey.Status.REVOKED)
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
