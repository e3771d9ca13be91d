package com.threatcommand.subscription.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "idempotency")
public interface IdempotencyConfig {
  /** How long a key and its stored response are kept (API.md: at least 24 hours). */
  @WithDefault("25H")
  Duration retention();

  /**
   * How long a reservation of a request still in flight blocks others. Longer than the transaction
   * timeout, so a reservation is only taken over once its first request can no longer commit.
   */
  @WithDefault("2M")
  Duration lease();

  /** How often expired keys are purged. */
  @WithDefault("1H")
  String purgeEvery();
}
