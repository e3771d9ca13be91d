package com.threatcommand.gateway.support;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/** Verifies, as a service would, an internal token that reached a fake service. */
public final class InternalToken {
  public static final PublicKey GATEWAY_PUBLIC = load();

  private InternalToken() {}

  /** The claims of the bearer token in this Authorization header, verified for {@code audience}. */
  public static JwtClaims verify(String authorization, String audience) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw new AssertionError("No bearer token reached the service: " + authorization);
    }
    try {
      return new JwtConsumerBuilder()
          .setRequireExpirationTime()
          .setRequireIssuedAt()
          .setRequireSubject()
          .setRequireJwtId()
          .setExpectedIssuer("urn:threatcommand:gateway")
          .setExpectedAudience(audience)
          .setVerificationKey(GATEWAY_PUBLIC)
          .setJwsAlgorithmConstraints(
              AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
          .build()
          .processToClaims(authorization.substring(7));
    } catch (Exception e) {
      throw new AssertionError("The internal token does not verify: " + e.getMessage(), e);
    }
  }

  private static PublicKey load() {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new X509EncodedKeySpec(Idp.pem("dev-keys/gateway-dev-public.pem", "PUBLIC KEY")));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
