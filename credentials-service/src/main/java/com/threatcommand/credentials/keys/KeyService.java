package com.threatcommand.credentials.keys;

import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.common.security.Caller;
import com.threatcommand.credentials.audit.AuditEventType;
import com.threatcommand.credentials.audit.AuditService;
import com.threatcommand.credentials.revocation.RevocationNotifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The lifecycle of an account's keys: generate, rotate, revoke. Every change takes a per-account,
 * per-kind advisory lock, writes its audit rows and NOTIFYs revocations in its own transaction;
 * the database's unique partial index guarantees one active key per kind even without the lock.
 */
@ApplicationScoped
@Transactional
public class KeyService {
  private static final Logger LOG = Logger.getLogger(KeyService.class);

  private final CredentialKeyRepository keys;
  private final KeyHasher hasher;
  private final AuditService audit;
  private final RevocationNotifier revocations;
  private final LastUsedTracker lastUsed;
  private final Caller caller;
  private final Clock clock;

  KeyService(
      CredentialKeyRepository keys,
      KeyHasher hasher,
      AuditService audit,
      RevocationNotifier revocations,
      LastUsedTracker lastUsed,
      Caller caller,
      Clock clock) {
    this.keys = keys;
    this.hasher = hasher;
    this.audit = audit;
    this.revocations = revocations;
    this.lastUsed = lastUsed;
    this.caller = caller;
    this.clock = clock;
  }

  /** Both kinds' status from one read of the account's live keys (the page asks for it on every load). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public CredentialsView status(String accountId) {
    List<CredentialKey> live = keys.live(accountId, now());
    return new CredentialsView(view(live, KeyKind.API_KEY), view(live, KeyKind.APPLIANCE_KEY));
  }

  private CredentialsView.KeyView view(List<CredentialKey> live, KeyKind kind) {
    CredentialKey key = null;
    CredentialKey previous = null;
    for (CredentialKey candidate : live) {
      if (candidate.kind != kind) {
        continue;
      }
      if (candidate.status == CredentialKey.Status.ACTIVE) {
        key = candidate;
      } else if (previous == null) {
        previous = candidate; // the newest rotation: live() sorts them so
      }
    }
    if (key == null) {
      return CredentialsView.KeyView.none();
    }
    return new CredentialsView.KeyView(
        "ACTIVE",
        key.id,
        key.hint,
        key.createdAt,
        key.createdByEmail != null ? key.createdByEmail : key.createdBySubject,
        lastUsed.latest(key.id, key.lastUsedAt),
        previous == null ? null : previous(previous));
  }

  private CredentialsView.PreviousKeyView previous(CredentialKey key) {
    return new CredentialsView.PreviousKeyView(
        key.id, key.hint, key.expiresAt, lastUsed.latest(key.id, key.lastUsedAt));
  }

  /** The account ID, with its disclosure audited. */
  public AccountIdView discloseAccountId(String accountId) {
    audit.record(accountId, AuditEventType.ACCOUNT_ID_DISCLOSED, null, null, null);
    return new AccountIdView(accountId);
  }

  /** A new key; 409 {@code key-already-exists} while that kind has an active key. */
  public CreatedKey generate(String accountId, KeyKind kind) {
    keys.lock(accountId, kind);
    if (keys.active(accountId, kind).isPresent()) {
      throw alreadyExists(kind);
    }
    Instant now = now();
    String key = KeyMaterial.generate(kind);
    CredentialKey created = create(accountId, kind, key, now);
    audit.record(accountId, AuditEventType.KEY_GENERATED, kind, created.id, created.hint);
    audit.record(accountId, AuditEventType.ACCOUNT_ID_DISCLOSED, kind, created.id, created.hint);
    LOG.infof("Generated %s %s (%s) for account %s", kind, created.id, created.hint, accountId);
    return new CreatedKey(kind, created.id, key, created.hint, accountId, now, null);
  }

  /**
   * Replaces the active key; the old one keeps working until {@code now + graceSeconds}. A key
   * still in the grace of an earlier rotation stops at once (only one previous key at a time).
   */
  public CreatedKey rotate(String accountId, KeyKind kind, long graceSeconds) {
    keys.lock(accountId, kind);
    CredentialKey old = keys.active(accountId, kind).orElseThrow(() -> noActiveKey(kind));
    Instant now = now();
    for (CredentialKey earlier : keys.inGrace(accountId, kind, now)) {
      revoke(earlier, now);
    }
    old.status = CredentialKey.Status.ROTATED;
    old.rotatedAt = now;
    old.expiresAt = now.plusSeconds(graceSeconds);
    // The old row must stop being ACTIVE before the new one is inserted (unique partial index).
    keys.flush();
    if (graceSeconds == 0) {
      revocations.revoked(old, now);
    }
    String key = KeyMaterial.generate(kind);
    CredentialKey created = create(accountId, kind, key, now);
    audit.record(accountId, AuditEventType.KEY_ROTATED, kind, created.id, created.hint);
    audit.record(accountId, AuditEventType.ACCOUNT_ID_DISCLOSED, kind, created.id, created.hint);
    LOG.infof(
        "Rotated %s for account %s: %s (%s) replaces %s (%s), grace %ds",
        kind, accountId, created.id, created.hint, old.id, old.hint, graceSeconds);
    return new CreatedKey(
        kind,
        created.id,
        key,
        created.hint,
        accountId,
        now,
        new CredentialsView.PreviousKeyView(old.id, old.hint, old.expiresAt, old.lastUsedAt));
  }

  /** Stops every live key of that kind at once; 404 {@code no-active-key} if none is active. */
  public void revoke(String accountId, KeyKind kind) {
    keys.lock(accountId, kind);
    CredentialKey active = keys.active(accountId, kind).orElseThrow(() -> noActiveKey(kind));
    Instant now = now();
    List<CredentialKey> live = new ArrayList<>(keys.inGrace(accountId, kind, now));
    live.add(0, active);
    for (CredentialKey key : live) {
      revoke(key, now);
    }
    LOG.infof("Revoked %d %s key(s) of account %s", live.size(), kind, accountId);
  }

  private void revoke(CredentialKey key, Instant now) {
    key.status = CredentialKey.Status.REVOKED;
    key.revokedAt = now;
    audit.record(key.accountId, AuditEventType.KEY_REVOKED, key.kind, key.id, key.hint);
    revocations.revoked(key, now);
  }

  private CredentialKey create(String accountId, KeyKind kind, String key, Instant now) {
    CredentialKey created = new CredentialKey();
    created.id = UUID.randomUUID();
    created.accountId = accountId;
    created.kind = kind;
    created.status = CredentialKey.Status.ACTIVE;
    created.lookupPrefix = KeyMaterial.lookupPrefix(key);
    created.keyHash = hasher.hash(key);
    created.hint = KeyMaterial.hint(key);
    created.createdAt = now;
    created.createdBySubject = caller.subject();
    created.createdByEmail = caller.email();
    keys.persist(created);
    keys.flush();
    return created;
  }

  /**
   * The clock's instant at the precision PostgreSQL stores (microseconds), so that what a change
   * answers (createdAt, a previous key's expiresAt) is what every later read shows.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static ProblemException alreadyExists(KeyKind kind) {
    return ProblemException.conflict(
        "key-already-exists",
        "Key already exists",
        "This account already has an active " + kind + ". Revoke or rotate it first.");
  }

  private static ProblemException noActiveKey(KeyKind kind) {
    return ProblemException.notFound("no-active-key", "This account has no active " + kind + ".");
  }
}
