package com.threatcommand.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a credential, as four longs: what the caches are keyed by, so that no cache ever holds
 * a token or a key itself.
 */
public record TokenHash(long a, long b, long c, long d) {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  public static TokenHash of(String first, String second) {
    MessageDigest digest = SHA256.get();
    digest.update(first.getBytes(StandardCharsets.UTF_8));
    if (second != null) {
      digest.update((byte) 0);
      digest.update(second.getBytes(StandardCharsets.UTF_8));
    }
    byte[] h = digest.digest();
    return new TokenHash(longAt(h, 0), longAt(h, 8), longAt(h, 16), longAt(h, 24));
  }

  private static long longAt(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xff);
    }
    return value;
  }

  @Override
  public String toString() {
    return "TokenHash[redacted]";
  }
}
