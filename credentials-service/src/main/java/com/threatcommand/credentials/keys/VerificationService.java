package com.threatcommand.credentials.keys;

import com.threatcommand.common.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Says whether a presented key is a live key of the presented account. A malformed key or a bad
 * checksum is refused before any database access; otherwise the row is found by account, kind and
 * lookup prefix, and the keyed hashes are compared in constant time.
 */
@ApplicationScoped
public class VerificationService {
  private final CredentialKeyRepository keys;
  private final KeyHasher hasher;
  private final LastUsedTracker lastUsed;
  private final Clock clock;
  private final Counter valid;
  private final Counter invalid;
  private final Counter malformed;

  VerificationService(
      CredentialKeyRepository keys,
      KeyHasher hasher,
      LastUsedTracker lastUsed,
      Clock clock,
      MeterRegistry registry) {
    this.keys = keys;
    this.hasher = hasher;
    this.lastUsed = lastUsed;
    this.clock = clock;
    this.valid = counter(registry, "valid");
    this.invalid = counter(registry, "invalid");
    this.malformed = counter(registry, "malformed");
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("credentials.verifications")
        .description("Key verifications by result (malformed: refused without a database access)")
        .tag("result", result)
        .register(registry);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Verification verify(String accountId, String key) {
    String kindSlug = KeyCheck.kind(key);
    if (kindSlug == null || !Caller.ACCOUNT_ID.matcher(accountId).matches()) {
      malformed.increment();
      return Verification.INVALID;
    }
    KeyKind kind = KeyKind.fromSlug(kindSlug).orElseThrow();
    byte[] presented = hasher.hash(key);
    Instant now = clock.instant();
    CredentialKey match = null;
    for (CredentialKey candidate : keys.candidates(accountId, kind, KeyMaterial.lookupPrefix(key))) {
      if (KeyHasher.same(presented, candidate.keyHash) && candidate.isLive(now)) {
        match = candidate;
      }
    }
    if (match == null) {
      invalid.increment();
      return Verification.INVALID;
    }
    valid.increment();
    lastUsed.record(match.id, now);
    return new Verification.Valid(
        true,
        match.accountId,
        match.kind,
        match.id,
        match.status == CredentialKey.Status.ROTATED ? match.expiresAt : null);
  }
}
