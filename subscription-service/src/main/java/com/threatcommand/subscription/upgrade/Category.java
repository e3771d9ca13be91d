package com.threatcommand.subscription.upgrade;

/** What an administrator asks Sales for. */
public enum Category {
  MODULES,
  CREDITS,
  ASSETS,
  REMEDIATIONS
}
