package com.threatcommand.subscription.upgrade;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The email to Sales that an upgrade request owes; written in the request's own transaction. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {
  @Id public UUID id;

  @Column(name = "request_id", nullable = false, unique = true)
  public UUID requestId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public DeliveryStatus status;

  @Column(nullable = false)
  public int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  public Instant nextAttemptAt;

  @Column(name = "retry_until", nullable = false)
  public Instant retryUntil;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "sent_at")
  public Instant sentAt;
}
