package com.threatcommand.credentials.keys;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Makes new keys and derives what may be kept of them. The key itself leaves this class only in the
 * creation response; only {@link #hint}, {@link #lookupPrefix} and a keyed hash are stored.
 */
public final class KeyMaterial {
  /** Random bytes per key: 256 bits. */
  public static final int RANDOM_BYTES = 32;
  /** Characters of the body used to find the row: about 48 of its 256 bits. */
  public static final int LOOKUP_LENGTH = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyMaterial() {}

  /** A new key of {@code kind}: prefix, 43 base62 characters of 256 random bits, checksum. */
  public static String generate(KeyKind kind) {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    String body = base62(new BigInteger(1, bytes), KeyCheck.BODY_LENGTH);
    String payload = kind.prefix() + body;
    return payload + KeyCheck.checksum(payload);
  }

  /** What the UI shows: {@code tcak_…9f3A} (prefix and the last four characters). */
  public static String hint(String key) {
    return key.substring(0, KeyCheck.PREFIX_LENGTH) + "…" + key.substring(key.length() - 4);
  }

  /** The first characters of the random body, stored to find a presented key's row by index. */
  public static String lookupPrefix(String key) {
    return key.substring(KeyCheck.PREFIX_LENGTH, KeyCheck.PREFIX_LENGTH + LOOKUP_LENGTH);
  }

  static String base62(BigInteger value, int width) {
    char[] out = new char[width];
    BigInteger base = BigInteger.valueOf(62);
    for (int i = width - 1; i >= 0; i--) {
      BigInteger[] qr = value.divideAndRemainder(base);
      out[i] = KeyCheck.ALPHABET.charAt(qr[1].intValue());
      value = qr[0];
    }
    if (value.signum() != 0) {
      throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
    }
    return new String(out);
  }
}
