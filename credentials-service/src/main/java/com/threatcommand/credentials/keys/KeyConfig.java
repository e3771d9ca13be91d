package com.threatcommand.credentials.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Key settings ({@code key.*}); {@code KEY_HASH_SECRET} is {@code key.hash-secret}. The revocation
 * stream's ({@code key.revocations.*}) are {@code RevocationConfig}.
 */
@ConfigMapping(prefix = "key")
public interface KeyConfig {
  /** HMAC-SHA-256 secret of stored hashes; optional here so the production guard can say why. */
  Optional<String> hashSecret();

  LastUsed lastUsed();

  interface LastUsed {
    /** How often coalesced last-used times are written, in one batch. */
    @WithDefault("15s")
    Duration flushInterval();
  }
}
