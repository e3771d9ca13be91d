package com.threatcommand.credentials.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One key of an account: its keyed hash, never the key. */
@Entity
@Table(name = "credential_key")
public class CredentialKey {
  public enum Status {
    ACTIVE,
    ROTATED,
    REVOKED
  }

  @Id public UUID id;

  @Column(name = "account_id", nullable = false)
  public String accountId;

  @Column(nullable = false)
  public KeyKind kind;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Status status;

  @Column(name = "lookup_prefix", nullable = false)
  public String lookupPrefix;

  @Column(name = "key_hash", nullable = false)
  public byte[] keyHash;

  @Column(nullable = false)
  public String hint;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "created_by_subject", nullable = false)
  public String createdBySubject;

  @Column(name = "created_by_email")
  public String createdByEmail;

  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  @Column(name = "rotated_at")
  public Instant rotatedAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  /** Whether the key opens anything at {@code now}. */
  public boolean isLive(Instant now) {
    return status == Status.ACTIVE
        || (status == Status.ROTATED && expiresAt != null && expiresAt.isAfter(now));
  }
}
