package com.threatcommand.credentials.keys;

import com.threatcommand.common.security.ProductionRequirement;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * In production, {@code KEY_HASH_SECRET} (the keyed hash of stored keys) must be set, at least
 * {@value #MIN_HASH_SECRET_BYTES} bytes long, and not the development value of this repository.
 */
@ApplicationScoped
public class HashSecretRequirement implements ProductionRequirement {
  /** The development value of {@code key.hash-secret} in application.properties (dev and test). */
  public static final String DEV_HASH_SECRET = "dev-only-key-hash-secret-never-use-in-production";

  static final int MIN_HASH_SECRET_BYTES = 32;

  @Override
  public List<String> problems(Config config) {
    Optional<String> hashSecret = config.getOptionalValue("key.hash-secret", String.class);
    if (hashSecret.isEmpty() || hashSecret.get().isBlank()) {
      return List.of("KEY_HASH_SECRET is not set");
    } else if (hashSecret.get().equals(DEV_HASH_SECRET)) {
      return List.of("KEY_HASH_SECRET is the development default");
    } else if (hashSecret.get().getBytes(StandardCharsets.UTF_8).length < MIN_HASH_SECRET_BYTES) {
      return List.of("KEY_HASH_SECRET is shorter than " + MIN_HASH_SECRET_BYTES + " bytes");
    }
    return List.of();
  }
}
