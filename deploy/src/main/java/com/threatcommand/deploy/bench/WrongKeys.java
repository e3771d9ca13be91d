package com.threatcommand.deploy.bench;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Basic credentials that fail for the benchmark's case 5b: {@code COUNT} lines of {@code Basic
 * base64(accountId:key)} where every key is well formed with a right checksum (so the gateway
 * cannot refuse it offline and must ask credentials-service) but belongs to nobody, each one new
 * (so no cache has seen it).
 *
 * <pre>java -cp deploy/target/local-stack.jar com.threatcommand.deploy.bench.WrongKeys ACCOUNT_ID COUNT</pre>
 *
 * The format is credentials-service's KeyCheck: {@code tcak_}, 43 base62 characters, and the CRC32
 * of those 48 characters in 6 base62 digits.
 */
public final class WrongKeys {
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private WrongKeys() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: WrongKeys ACCOUNT_ID COUNT");
      System.exit(2);
    }
    // Random enough for keys that must only be new; SecureRandom would take seconds for 400,000.
    SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    Base64.Encoder base64 = Base64.getEncoder();
    try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII))) {
      for (int i = Integer.parseInt(args[1]); i > 0; i--) {
        String key = key(random);
        out.write("Basic " + base64.encodeToString((args[0] + ":" + key).getBytes(StandardCharsets.US_ASCII)));
        out.newLine();
      }
    }
  }

  static String key(SplittableRandom random) {
    StringBuilder key = new StringBuilder("tcak_");
    for (int i = 0; i < 43; i++) {
      key.append(ALPHABET.charAt(random.nextInt(62)));
    }
    return key.append(checksum(key.toString())).toString();
  }

  /** CRC32 of the prefix and body, in 6 base62 digits. */
  static String checksum(String prefixAndBody) {
    CRC32 crc = new CRC32();
    crc.update(prefixAndBody.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] checksum = new char[6];
    for (int i = 5; i >= 0; i--) {
      checksum[i] = ALPHABET.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(checksum);
  }
}
