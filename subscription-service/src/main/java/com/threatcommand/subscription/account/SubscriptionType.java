package com.threatcommand.subscription.account;

public enum SubscriptionType {
  PLATINUM,
  GOLD,
  BRONZE
}
