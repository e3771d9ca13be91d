package com.threatcommand.subscription.idempotency;

import com.threatcommand.common.problem.ProblemException;
import java.util.regex.Pattern;

/** The {@code Idempotency-Key} request header: 1 to 255 printable ASCII characters. */
public final class IdempotencyKeys {
  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  public static final String PATTERN = "^[\\x21-\\x7E][\\x20-\\x7E]{0,254}$";
  private static final Pattern VALID = Pattern.compile(PATTERN);

  private IdempotencyKeys() {}

  /** The key, which this operation requires: 400 {@code idempotency-key-required} without it. */
  public static String required(String header) {
    if (header == null || header.isEmpty()) {
      throw new ProblemException(
          400,
          "idempotency-key-required",
          "Idempotency key required",
          "Send an Idempotency-Key header (1 to 255 printable characters, e.g. a UUID) so that a"
              + " retried request is never applied twice.");
    }
    return optional(header);
  }

  /** The key if the caller sent one (null otherwise); 400 if it is not a valid key. */
  public static String optional(String header) {
    if (header == null) {
      return null;
    }
    if (!VALID.matcher(header).matches()) {
      throw ProblemException.validation(
          HEADER, "must be 1 to 255 printable ASCII characters");
    }
    return header;
  }
}
