package com.threatcommand.credentials.keys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Offline check of a Threat Command key, for secret scanners and support tools: tells a real key
 * from noise without asking any server. Depends on nothing but the JDK, so it can be copied as is.
 *
 * <p>A key is {@code tcak_} (API key) or {@code tcap_} (appliance key), then 43 base62 characters
 * (256 random bits), then 6 base62 characters: the CRC32 of everything before them, fixed width.
 * Regex for scanners: {@value #REGEX}.
 *
 * <p>Command line: {@code java -cp credentials-service/target/classes
 * com.threatcommand.credentials.keys.KeyCheck < candidates.txt} reads one candidate per line from
 * standard input (or takes them as arguments), prints {@code valid api-key}, {@code valid
 * appliance-key} or {@code invalid} per candidate (never the candidate itself) and exits 0 when all
 * are valid, 1 when one is not, 2 when there was nothing to check.
 */
public final class KeyCheck {
  public static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  public static final String API_KEY_PREFIX = "tcak_";
  public static final String APPLIANCE_KEY_PREFIX = "tcap_";
  public static final int PREFIX_LENGTH = 5;
  public static final int BODY_LENGTH = 43;
  public static final int CHECKSUM_LENGTH = 6;
  public static final int LENGTH = PREFIX_LENGTH + BODY_LENGTH + CHECKSUM_LENGTH;
  public static final String REGEX = "\\btc(ak|ap)_[0-9A-Za-z]{49}\\b";

  private static final Pattern SHAPE = Pattern.compile("tca[kp]_[0-9A-Za-z]{49}");

  private KeyCheck() {}

  /** True when {@code candidate} is a well-formed key whose checksum is right. */
  public static boolean isValid(String candidate) {
    return kind(candidate) != null;
  }

  /** {@code "api-key"} or {@code "appliance-key"} for a valid key, else null. */
  public static String kind(String candidate) {
    if (candidate == null
        || candidate.length() != LENGTH
        || !SHAPE.matcher(candidate).matches()) {
      return null;
    }
    String payload = candidate.substring(0, LENGTH - CHECKSUM_LENGTH);
    if (!checksum(payload).equals(candidate.substring(LENGTH - CHECKSUM_LENGTH))) {
      return null;
    }
    return candidate.startsWith(API_KEY_PREFIX) ? "api-key" : "appliance-key";
  }

  /** The checksum of a key's prefix and body: CRC32, in base62, left-padded to 6 characters. */
  public static String checksum(String prefixAndBody) {
    CRC32 crc = new CRC32();
    crc.update(prefixAndBody.getBytes(StandardCharsets.US_ASCII));
    return base62(crc.getValue(), CHECKSUM_LENGTH);
  }

  static String base62(long value, int width) {
    char[] out = new char[width];
    for (int i = width - 1; i >= 0; i--) {
      out[i] = ALPHABET.charAt((int) (value % 62));
      value /= 62;
    }
    if (value != 0) {
      throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
    }
    return new String(out);
  }

  public static void main(String[] args) throws IOException {
    System.exit(run(List.of(args), System.in, System.out, System.err));
  }

  /** The command line's work, testable: returns the exit code. */
  public static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err)
      throws IOException {
    List<String> candidates = new ArrayList<>(args);
    if (candidates.isEmpty()) {
      BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          candidates.add(line.strip());
        }
      }
    }
    if (candidates.isEmpty()) {
      err.println("usage: KeyCheck [key ...]   (or one key per line on standard input)");
      return 2;
    }
    boolean allValid = true;
    for (String candidate : candidates) {
      String kind = kind(candidate);
      out.println(kind == null ? "invalid" : "valid " + kind);
      allValid &= kind != null;
    }
    return allValid ? 0 : 1;
  }
}
