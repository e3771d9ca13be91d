package com.threatcommand.common.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A token {@link VerifiedTokens} remembers, with each claim read from it once. smallrye-jwt's
 * principal looks every claim name up with {@code Claims.valueOf}, which throws (and fills in a
 * stack trace) for a name that is not a standard claim: {@code account_id}, {@code email} and
 * {@code name} cost an exception on every request (the benchmark's profile: 4 % of
 * subscription-service's CPU under load, all of it under {@code Caller.accountId}). A verified
 * token's claims never change, so the first answer for a name is every later one's; the standard
 * claims' getters (subject, issuer, ...) read through the same memory. The name, the claim names,
 * the groups, the audience and the expiry are the verified token's own, as smallrye-jwt computes
 * them.
 */
final class RememberedToken implements JsonWebToken {
  private static final Object ABSENT = new Object();

  private final JsonWebToken token;
  private final ConcurrentHashMap<String, Object> claims = new ConcurrentHashMap<>();

  RememberedToken(JsonWebToken token) {
    this.token = token;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getClaim(String name) {
    Object value = claims.get(name);
    if (value == null) {
      Object read = token.getClaim(name);
      value = read == null ? ABSENT : read;
      claims.putIfAbsent(name, value);
    }
    return value == ABSENT ? null : (T) value;
  }

  @Override
  public String getName() {
    return token.getName();
  }

  @Override
  public Set<String> getClaimNames() {
    return token.getClaimNames();
  }



  @Override
  public Set<String> getAudience() {
    return token.getAudience();
  }



  @Override
  public long getExpirationTime() {
    return token.getExpirationTime();
  }


  @Override
  public Set<String> getGroups() {
    return token.getGroups();
  }


  @Override
  public boolean implies(Subject subject) {
    return token.implies(subject);
  }

  @Override
  public String toString() {
    return token.toString();
  }
}
