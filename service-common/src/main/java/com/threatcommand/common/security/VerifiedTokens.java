package com.threatcommand.common.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * smallrye-jwt's parser of internal tokens with a memory of the tokens it verified. The gateway sends the same
 * internal token for a caller until shortly before it expires, so without this every request paid
 * for a full RS256 verification (the benchmark's profile: 59 % of credentials-service's CPU per
 * request under load, with the local stack's C1-only JIT).
 *
 * <p>A token is remembered by its exact text, signature included, only after smallrye-jwt verified
 * it completely (signature, issuer, audience, lifetime, required claims), and only until its own
 * {@code exp}: a hit is the same bytes that passed, never later than they would pass. Anything
 * else (another signature, a changed claim, an expired token) is a miss and verified as before. At
 * most {@value #MAX_TOKENS} tokens are kept; when full, the memory starts over.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends DefaultJWTParser {
  static final int MAX_TOKENS = 10_000;

  private record Verified(JsonWebToken token, long expiresAtSeconds) {}

  private final LongSupplier epochSeconds;
  private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

  @Inject
  VerifiedTokens(JWTAuthContextInfo authContext) {
    super(authContext);
    this.epochSeconds = () -> System.currentTimeMillis() / 1000;
  }

  /** For tests: a clock of their own (and {@link #verifyFully} overridden). */
  VerifiedTokens(LongSupplier epochSeconds) {
    this.epochSeconds = epochSeconds;
  }

  /** What authenticates a request's bearer token; every other method is smallrye-jwt's own. */
  @Override
  public JsonWebToken parse(String token) throws ParseException {
    long now = epochSeconds.getAsLong();
    Verified hit = verified.get(token);
    if (hit != null) {
      if (now < hit.expiresAtSeconds) {
        return hit.token;
      }
      verified.remove(token, hit);
    }
    JsonWebToken jwt = new RememberedToken(verifyFully(token));
    long exp = jwt.getExpirationTime();
    if (exp > now) {
      if (verified.size() >= MAX_TOKENS) {
        verified.clear();
      }
      verified.put(token, new Verified(jwt, exp));
    }
    return jwt;
  }

  /** smallrye-jwt's complete verification, with this service's configuration. */
  JsonWebToken verifyFully(String token) throws ParseException {
    return super.parse(token);
  }
}
