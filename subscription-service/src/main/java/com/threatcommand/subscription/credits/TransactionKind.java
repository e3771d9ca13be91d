package com.threatcommand.subscription.credits;

public enum TransactionKind {
  GRANT,
  DEBIT
}
