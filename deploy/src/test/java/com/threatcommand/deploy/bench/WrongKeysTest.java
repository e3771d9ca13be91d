package com.threatcommand.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Case 5b's keys get past the gateway's offline check (shape and checksum) and are all new. */
class WrongKeysTest {
  /** credentials-service's KeyCheck.REGEX: what a scanner and the gateway take for a key. */
  private static final String REGEX = "tcak_[0-9A-Za-z]{49}";

  @Test
  void checksumsAreThoseOfCredentialsServiceKeyCheck() {
    // Worked out with credentials-service's KeyCheck.checksum for these two payloads.
    assertEquals("0eBx6W", WrongKeys.checksum("tcak_" + "0".repeat(43)));
    assertEquals("3bdTWQ", WrongKeys.checksum("tcak_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg"));
  }

  @Test
  void keysAreWellFormedWithTheirChecksumAndNeverRepeat() {
    SplittableRandom random = new SplittableRandom(7);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String key = WrongKeys.key(random);
      assertTrue(key.matches(REGEX), key);
      assertEquals(WrongKeys.checksum(key.substring(0, 48)), key.substring(48), key);
      assertTrue(seen.add(key));
    }
  }
}
