package com.threatcommand.subscription.account;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

/** One account's subscription. Balances and usage change only through conditional updates. */
@Entity
@Table(name = "subscription")
public class Subscription {
  @Id
  @Column(name = "account_id")
  public String accountId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public SubscriptionType type;

  @Column(name = "expires_on", nullable = false)
  public LocalDate expiresOn;

  @Column(name = "stored_data_region", nullable = false)
  public String storedDataRegion;

  @Column(name = "credit_balance", nullable = false)
  public long creditBalance;

  @Column(name = "assets_limit", nullable = false)
  public long assetsLimit;

  @Column(name = "assets_used", nullable = false)
  public long assetsUsed;

  @Column(name = "remediations_limit", nullable = false)
  public long remediationsLimit;

  @Column(name = "remediations_used", nullable = false)
  public long remediationsUsed;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "subscription_module", joinColumns = @JoinColumn(name = "account_id"))
  @Column(name = "module_code")
  public Set<String> modules = new LinkedHashSet<>();

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Active through the whole of {@code expiresOn}; expired from the next day (UTC). */
  public boolean isExpiredOn(LocalDate today) {
    return today.isAfter(expiresOn);
  }
}
