package com.threatcommand.credentials.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The key format and the public offline check (no application needed). */
class KeyFormatTest {

  @Test
  void tenThousandKeysAreUniqueAndPassTheOfflineCheck() {
    Set<String> seen = new HashSet<>();
    Set<String> lookups = new HashSet<>();
    Pattern scanner = Pattern.compile(KeyCheck.REGEX);
    for (int i = 0; i < 10_000; i++) {
      KeyKind kind = i % 2 == 0 ? KeyKind.API_KEY : KeyKind.APPLIANCE_KEY;
      String key = KeyMaterial.generate(kind);
      assertTrue(seen.add(key), "duplicate key");
      lookups.add(KeyMaterial.lookupPrefix(key));
      assertEquals(KeyCheck.LENGTH, key.length());
      assertTrue(key.startsWith(kind.prefix()));
      assertEquals(kind.slug(), KeyCheck.kind(key));
      assertTrue(scanner.matcher("token=" + key + ";").find(), "scanner regex finds it");
    }
    // 48-bit lookup prefixes: a collision among 10,000 would be astonishing (p ~ 2e-7)
    assertEquals(10_000, lookups.size());
  }

  @Test
  void everyOneCharacterChangeFailsTheCheck() {
    String alphabet = KeyCheck.ALPHABET + "_-+/= .tcakp";
    for (KeyKind kind : KeyKind.values()) {
      for (int k = 0; k < 5; k++) {
        String key = KeyMaterial.generate(kind);
        for (int i = 0; i < key.length(); i++) {
          for (char c : alphabet.toCharArray()) {
            if (c == key.charAt(i)) {
              continue;
            }
            String changed = key.substring(0, i) + c + key.substring(i + 1);
            assertFalse(KeyCheck.isValid(changed), () -> "a change at " + "position passed");
          }
        }
      }
    }
  }

  @Test
  void randomSingleChangesOfManyKeysFail() {
    Random random = new Random(42);
    for (int n = 0; n < 10_000; n++) {
      String key = KeyMaterial.generate(n % 2 == 0 ? KeyKind.API_KEY : KeyKind.APPLIANCE_KEY);
      int i = random.nextInt(key.length());
      char c;
      do {
        c = KeyCheck.ALPHABET.charAt(random.nextInt(62));
      } while (c == key.charAt(i));
      assertFalse(KeyCheck.isValid(key.substring(0, i) + c + key.substring(i + 1)));
    }
  }

  @Test
  void truncatedExtendedSwappedOrForeignStringsFail() {
    String key = KeyMaterial.generate(KeyKind.API_KEY);
    assertFalse(KeyCheck.isValid(key.substring(0, key.length() - 1)));
    assertFalse(KeyCheck.isValid(key + "0"));
    assertFalse(KeyCheck.isValid(" " + key));
    assertFalse(KeyCheck.isValid(key.toUpperCase()));
    assertFalse(KeyCheck.isValid("tcap_" + key.substring(5)), "prefix is covered by the checksum");
    assertFalse(KeyCheck.isValid(swap(key, 10, 11)));
    assertFalse(KeyCheck.isValid(null));
    assertFalse(KeyCheck.isValid(""));
    assertFalse(KeyCheck.isValid("tcak_"));
    assertFalse(KeyCheck.isValid("ghp_" + key.substring(4)));
    assertNull(KeyCheck.kind("tcak_" + "0".repeat(49)));
  }

  @Test
  void theDocumentedExampleHasTheShapeButNotTheChecksumOfAKey() {
    String example = "tcak_4bQ0s3Vt9xkP2mWzL8rYc1NfJ6hD5aGe7uTq0iKo3ExaB9f3A";
    assertEquals(KeyCheck.LENGTH, example.length());
    assertTrue(Pattern.compile(KeyCheck.REGEX).matcher(example).matches());
    assertFalse(KeyCheck.isValid(example));
  }

  @Test
  void hintShowsPrefixAndLastFourOnlyAndLookupIsShort() {
    String key = KeyMaterial.generate(KeyKind.APPLIANCE_KEY);
    String hint = KeyMaterial.hint(key);
    assertEquals("tcap_…" + key.substring(key.length() - 4), hint);
    assertEquals(KeyMaterial.LOOKUP_LENGTH, KeyMaterial.lookupPrefix(key).length());
    assertEquals(key.substring(5, 13), KeyMaterial.lookupPrefix(key));
    // 43 base62 characters hold at least 256 bits; 6 hold a CRC32
    assertTrue(Math.pow(62, 43) >= Math.pow(2, 256));
    assertTrue(Math.pow(62, 6) >= Math.pow(2, 32));
  }

  @Test
  void commandLineCheckerReadsStandardInputAndNeverEchoesKeys() throws Exception {
    String good = KeyMaterial.generate(KeyKind.API_KEY);
    String appliance = KeyMaterial.generate(KeyKind.APPLIANCE_KEY);
    String bad = good.substring(0, 20) + (good.charAt(20) == 'x' ? 'y' : 'x') + good.substring(21);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        KeyCheck.run(
            List.of(),
            new ByteArrayInputStream((good + "\n\n" + appliance + "\n").getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertEquals("valid api-key\nvalid appliance-key\n", out.toString(StandardCharsets.UTF_8));

    out.reset();
    code =
        KeyCheck.run(
            List.of(good, bad),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, code);
    assertEquals("valid api-key\ninvalid\n", out.toString(StandardCharsets.UTF_8));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains(good.substring(5)));

    code =
        KeyCheck.run(
            List.of(),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
  }

  private static String swap(String s, int i, int j) {
    char[] chars = s.toCharArray();
    if (chars[i] == chars[j]) {
      chars[j] = chars[j] == 'a' ? 'b' : 'a';
    } else {
      char t = chars[i];
      chars[i] = chars[j];
      chars[j] = t;
    }
    return new String(chars);
  }
}
