package com.threatcommand.credentials.audit;

import com.threatcommand.credentials.keys.KeyKind;
import com.threatcommand.common.persistence.AccountRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One audit row. Immutable here, and append-only in the database (a trigger refuses changes). */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent extends AccountRow {
  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public AuditEventType type;

  @Column(name = "key_kind")
  public KeyKind keyKind;

  @Column(name = "key_id")
  public UUID keyId;

  @Column(name = "key_hint")
  public String keyHint;

  @Column(name = "actor_subject", nullable = false)
  public String actorSubject;

  @Column(name = "actor_email")
  public String actorEmail;

  @Column(nullable = false)
  public Instant at;

  @Column(name = "request_id")
  public String requestId;
}
