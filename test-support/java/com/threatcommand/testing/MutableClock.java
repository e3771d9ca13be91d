package com.threatcommand.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: real time unless a test moves it. Tests that move it must call
 * {@link #reset()} afterwards (the application, and so this clock, is shared by all tests).
 */
@Alternative
@Priority(1)
@Singleton
public class MutableClock extends Clock {
  private volatile Duration offset = Duration.ZERO;
  private volatile Instant fixed;

  public void setInstant(Instant instant) {
    this.fixed = instant;
  }

  public void advance(Duration duration) {
    if (fixed != null) {
      fixed = fixed.plus(duration);
    } else {
      offset = offset.plus(duration);
    }
  }

  public void reset() {
    fixed = null;
    offset = Duration.ZERO;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Instant instant() {
    Instant f = fixed;
    return f != null ? f : Instant.now().plus(offset);
  }
}
