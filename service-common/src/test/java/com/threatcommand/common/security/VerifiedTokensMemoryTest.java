package com.threatcommand.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/** The memory of verified tokens: when it answers, and when it asks the real parser again. */
class VerifiedTokensMemoryTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger verifications = new AtomicInteger();

  /** "Verifies" tokens named "good-EXP" (expiring at EXP) and refuses others, counting each check. */
  private final VerifiedTokens memory =
      new VerifiedTokens(now::get) {
        @Override
        JsonWebToken verifyFully(String token) throws ParseException {
          verifications.incrementAndGet();
          if (!token.startsWith("good-")) {
            throw new ParseException("refused");
          }
          long exp = Long.parseLong(token.substring(5).replaceAll("[^0-9].*", ""));
          if (exp <= now.get()) {
            throw new ParseException("expired");
          }
          return jwt(exp);
        }
      };

  @Test
  void aVerifiedTokenIsAnsweredFromMemoryUntilItsExpiry() throws Exception {
    JsonWebToken first = memory.parse("good-1300");
    assertSame(first, memory.parse("good-1300"));
    now.set(1_299);
    assertSame(first, memory.parse("good-1300"));
    assertEquals(1, verifications.get());

    now.set(1_300); // its exp: asked again, and refused
    assertThrows(ParseException.class, () -> memory.parse("good-1300"));
    assertEquals(2, verifications.get());
  }

  @Test
  void anyOtherTextIsVerifiedAndRefusalsAreNotRemembered() throws Exception {
    memory.parse("good-1300");
    memory.parse("good-1300x"); // same "claims", other bytes
    assertEquals(2, verifications.get());
    assertThrows(ParseException.class, () -> memory.parse("forged"));
    assertThrows(ParseException.class, () -> memory.parse("forged"));
    assertEquals(4, verifications.get());
  }

  @Test
  void whenFullTheMemoryStartsOver() throws Exception {
    for (int i = 0; i < VerifiedTokens.MAX_TOKENS; i++) {
      memory.parse("good-1300-" + i);
    }
    memory.parse("good-1300-0");
    assertEquals(VerifiedTokens.MAX_TOKENS, verifications.get());
    memory.parse("good-1300-new"); // the memory is full: it starts over with this one
    memory.parse("good-1300-0");
    assertEquals(VerifiedTokens.MAX_TOKENS + 2, verifications.get());
  }

  @Test
  void aRememberedTokenAnswersTheVerifiedTokensClaims() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    VerifiedTokens real =
        new VerifiedTokens(now::get) {
          @Override
          JsonWebToken verifyFully(String token) {
            JwtClaims claims = new JwtClaims();
            claims.setSubject("user-" + token);
            claims.setIssuer("urn:issuer");
            claims.setAudience("subscription-service");
            claims.setExpirationTime(NumericDate.fromSeconds(1_300));
            claims.setStringListClaim("groups", "admin");
            claims.setClaim("account_id", "acct-" + token);
            claims.setClaim("email", token + "@example.com");
            return new DefaultJWTCallerPrincipal(claims) {
              @Override
              protected Object getClaimValue(String name) {
                if (Set.of("account_id", "email", "name").contains(name)) {
                  reads.incrementAndGet();
                }
                return super.getClaimValue(name);
              }
            };
          }
        };
    for (int request = 0; request < 3; request++) {
      JsonWebToken a = real.parse("a");
      assertEquals("acct-a", a.getClaim("account_id"));
      assertEquals("a@example.com", a.getClaim("email"));
      assertNull(a.getClaim("name"), "a claim the token does not carry");
      assertEquals("user-a", a.getSubject());
      assertEquals(Set.of("admin"), a.getGroups());
      assertEquals(1_300, a.getExpirationTime());
    }
    // each custom claim was read from the verified token once, not once per request
    assertEquals(3, reads.get());
    // another token is another set of claims
    assertEquals("acct-b", real.parse("b").getClaim("account_id"));
    assertEquals("acct-a", real.parse("a").getClaim("account_id"));
  }

  private static JsonWebToken jwt(long exp) {
    return (JsonWebToken)
        Proxy.newProxyInstance(
            JsonWebToken.class.getClassLoader(),
            new Class<?>[] {JsonWebToken.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getExpirationTime" -> exp;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> null;
                });
  }
}
