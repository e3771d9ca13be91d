package com.threatcommand.subscription.upgrade;

/** PENDING until Sales' email was accepted by the SMTP server (SENT) or retries ran out (FAILED). */
public enum DeliveryStatus {
  PENDING,
  SENT,
  FAILED
}
