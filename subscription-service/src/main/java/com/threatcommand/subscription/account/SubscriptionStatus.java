package com.threatcommand.subscription.account;

public enum SubscriptionStatus {
  ACTIVE,
  EXPIRED
}
