package com.threatcommand.subscription.subscription;

public enum SubscriptionStatus {
  ACTIVE,
  EXPIRED
}
