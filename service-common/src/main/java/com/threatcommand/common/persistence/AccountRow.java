package com.threatcommand.common.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.util.UUID;

/**
 * The columns every append-only row of an account has (ledger entries, "Get More" requests, audit
 * events): the insertion order, which is the cursor of its list, the public ID, and the tenant.
 */
@MappedSuperclass
public abstract class AccountRow {
  /** Insertion order: the cursor of the list (never shown). */
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long seq;

  @Column(nullable = false, unique = true)
  public UUID id;

  @Column(name = "account_id", nullable = false)
  public String accountId;
}
