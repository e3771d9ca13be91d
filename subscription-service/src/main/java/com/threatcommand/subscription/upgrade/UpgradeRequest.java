package com.threatcommand.subscription.upgrade;

import com.threatcommand.subscription.account.SubscriptionType;
import com.threatcommand.common.persistence.AccountRow;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A "Get More" request, with what the account had when it asked. */
@Entity
@Table(name = "upgrade_request")
public class UpgradeRequest extends AccountRow {
  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Category category;

  @Convert(converter = CodeListConverter.class)
  public List<String> modules;

  public Long quantity;

  public String message;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public DeliveryStatus status;

  @Column(name = "requester_subject", nullable = false)
  public String requesterSubject;

  @Column(name = "requester_email")
  public String requesterEmail;

  @Column(name = "requester_name")
  public String requesterName;

  @Enumerated(EnumType.STRING)
  @Column(name = "subscription_type", nullable = false)
  public SubscriptionType subscriptionType;

  @Column(name = "current_balance")
  public Long currentBalance;

  @Column(name = "current_limit")
  public Long currentLimit;

  @Column(name = "current_used")
  public Long currentUsed;

  @Convert(converter = CodeListConverter.class)
  @Column(name = "current_modules")
  public List<String> currentModules;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "sent_at")
  public Instant sentAt;
}
