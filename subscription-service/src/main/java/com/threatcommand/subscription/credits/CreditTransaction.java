package com.threatcommand.subscription.credits;

import com.threatcommand.common.persistence.AccountRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/** One ledger row: a grant or a debit, and the balance right after it. Never updated. */
@Entity
@Table(name = "credit_transaction")
public class CreditTransaction extends AccountRow {
  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public TransactionKind kind;

  @Column(nullable = false)
  public long amount;

  @Column(name = "balance_after", nullable = false)
  public long balanceAfter;

  @Enumerated(EnumType.STRING)
  public Purpose purpose;

  public String reference;

  @Column(name = "actor_kind", nullable = false)
  public String actorKind;

  @Column(name = "actor_subject", nullable = false)
  public String actorSubject;

  @Column(name = "actor_email")
  public String actorEmail;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
