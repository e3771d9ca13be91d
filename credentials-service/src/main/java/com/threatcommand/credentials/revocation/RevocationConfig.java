package com.threatcommand.credentials.revocation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The revocation stream ({@code key.revocations.*}, README "Configuration"). */
@ConfigMapping(prefix = "key.revocations")
public interface RevocationConfig {
  /** Keep-alive {@code ping} of the stream ({@code KEY_REVOCATIONS_PING_INTERVAL}). */
  @WithDefault("10s")
  Duration pingInterval();

  /** Upper bound of the LISTEN connection's reconnect backoff. */
  @WithDefault("5s")
  Duration reconnectMaxBackoff();
}
