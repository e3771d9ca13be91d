package com.threatcommand.credentials.keys;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The keyed hash of stored keys: HMAC-SHA-256 with {@code KEY_HASH_SECRET}. */
@ApplicationScoped
public class KeyHasher {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec secret;

  KeyHasher(KeyConfig config) {
    this.secret =
        config
            .hashSecret()
            .filter(s -> !s.isBlank())
            .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .orElse(null);
  }

  public byte[] hash(String key) {
    if (secret == null) {
      throw new IllegalStateException("KEY_HASH_SECRET is not configured");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }

  /** Constant-time comparison of a presented key's hash with a stored one. */
  public static boolean same(byte[] presented, byte[] stored) {
    return MessageDigest.isEqual(presented, stored);
  }
}
