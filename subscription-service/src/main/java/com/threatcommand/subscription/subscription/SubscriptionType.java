package com.threatcommand.subscription.subscription;

public enum SubscriptionType {
  PLATINUM,
  GOLD,
  BRONZE
}
