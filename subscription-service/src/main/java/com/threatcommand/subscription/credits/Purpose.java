package com.threatcommand.subscription.credits;

/** What credits are spent on. */
public enum Purpose {
  RESEARCH,
  DARK_WEB_PURCHASE
}
