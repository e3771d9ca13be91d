package com.threatcommand.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.threatcommand.gateway.web.GatewayConfig;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Mints the internal token (API.md, "Internal token") that the services accept, signed with the
 * gateway's key ({@code SMALLRYE_JWT_SIGN_KEY_LOCATION}). One token per (caller, audience) is
 * reused until {@code renew-before} ahead of its expiry, so signing is rare on the hot path.
 */
@Singleton
@io.quarkus.runtime.Startup
public class InternalTokens {
  public static final String SUBSCRIPTION = "subscription-service";
  public static final String CREDENTIALS = "credentials-service";

  private final PrivateKey key;
  private final String algorithm;
  private final String issuer;
  private final long lifetimeSeconds;
  private final Cache<CacheKey, String> tokens;

  private record CacheKey(Caller caller, String audience) {}

  InternalTokens(
      GatewayConfig config,
      @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> keyLocation) {
    this.key =
        KeyMaterial.privateKey(
            KeyMaterial.read(
                keyLocation.orElseThrow(
                    () ->
                        new IllegalStateException(
                            "SMALLRYE_JWT_SIGN_KEY_LOCATION (the gateway's signing key) is not set"))));
    this.algorithm =
        key instanceof ECPrivateKey
            ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
            : AlgorithmIdentifiers.RSA_USING_SHA256;
    this.issuer = config.internalToken().issuer();
    long lifetime = Math.min(300, config.internalToken().lifetime().toSeconds());
    this.lifetimeSeconds = lifetime;
    long reuse = Math.max(1, lifetime - config.internalToken().renewBefore().toSeconds());
    this.tokens =
        Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(100_000)
            .expireAfterWrite(java.time.Duration.ofSeconds(reuse))
            .build();
  }

  /** The token for this caller and audience, minted or reused. */
  public String tokenFor(Caller caller, String audience) {
    CacheKey cacheKey = new CacheKey(caller, audience);
    String token = tokens.getIfPresent(cacheKey);
    if (token == null) {
      token = tokens.get(cacheKey, k -> mint(caller, audience));
    }
    return token;
  }

  String mint(Caller caller, String audience) {
    JwtClaims claims = new JwtClaims();
    long now = System.currentTimeMillis() / 1000;
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setSubject(caller.subject());
    if (caller.accountId() != null) {
      claims.setClaim("account_id", caller.accountId());
    }
    claims.setStringListClaim("groups", List.of(caller.kind()));
    if (caller.email() != null) {
      claims.setClaim("email", caller.email());
    }
    if (caller.name() != null) {
      claims.setClaim("name", caller.name());
    }
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setClaim("iat", now);
    claims.setClaim("exp", now + lifetimeSeconds);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setAlgorithmHeaderValue(algorithm);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("Cannot sign the internal token", e);
    }
  }
}
