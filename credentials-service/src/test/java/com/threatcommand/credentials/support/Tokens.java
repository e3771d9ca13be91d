package com.threatcommand.credentials.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints real signed internal tokens, as the gateway would. Each negative variant differs from a
 * valid token in exactly one thing.
 */
public final class Tokens {
  public static final String ISSUER = "urn:threatcommand:gateway";
  public static final String AUDIENCE = "credentials-service";

  private static final PrivateKey GATEWAY_KEY = load("dev-keys/gateway-dev-private.pem");
  private static final PrivateKey ATTACKER_KEY = load("dev-keys/attacker-private.pem");

  private Tokens() {}

  public static String admin(String accountId) {
    return builder("admin-user", accountId, "admin").sign(GATEWAY_KEY);
  }

  public static String apiKey(String accountId) {
    return builder("api-key:key-1", accountId, "api-key").sign(GATEWAY_KEY);
  }

  public static String applianceKey(String accountId) {
    return builder("appliance-key:key-2", accountId, "appliance-key").sign(GATEWAY_KEY);
  }

  public static String provisioner() {
    return builder("back-office", null, "provisioner").sign(GATEWAY_KEY);
  }

  /** The gateway's own token: no account, group {@code gateway}, subject {@code gateway}. */
  public static String gateway() {
    return builder("gateway", null, "gateway").sign(GATEWAY_KEY);
  }

  public static String expiredGateway() {
    long now = System.currentTimeMillis() / 1000;
    return builder("gateway", null, "gateway")
        .issuedAt(now - 600)
        .expiresAt(now - 300)
        .sign(GATEWAY_KEY);
  }

  public static String gatewayForOtherService() {
    return builder("gateway", null, "gateway").audience("subscription-service").sign(GATEWAY_KEY);
  }

  public static String gatewaySignedByAttacker() {
    return builder("gateway", null, "gateway").sign(ATTACKER_KEY);
  }

  /** A valid admin token with the given email and name claims. */
  public static String admin(String accountId, String subject, String email, String name) {
    JwtClaimsBuilder b = builder(subject, accountId, "admin");
    if (email != null) {
      b.claim("email", email);
    }
    if (name != null) {
      b.claim("name", name);
    }
    return b.sign(GATEWAY_KEY);
  }

  public static String expiredAdmin(String accountId) {
    long now = System.currentTimeMillis() / 1000;
    return builder("admin-user", accountId, "admin")
        .issuedAt(now - 600)
        .expiresAt(now - 300)
        .sign(GATEWAY_KEY);
  }

  public static String adminForOtherService(String accountId) {
    return builder("admin-user", accountId, "admin").audience("subscription-service").sign(GATEWAY_KEY);
  }

  public static String adminFromOtherIssuer(String accountId) {
    return builder("admin-user", accountId, "admin").issuer("https://idp.example.com").sign(GATEWAY_KEY);
  }

  public static String adminSignedByAttacker(String accountId) {
    return builder("admin-user", accountId, "admin").sign(ATTACKER_KEY);
  }

  public static String adminWithoutAccount() {
    return builder("admin-user", null, "admin").sign(GATEWAY_KEY);
  }

  public static JwtClaimsBuilder builder(String subject, String accountId, String group) {
    long now = System.currentTimeMillis() / 1000;
    JwtClaimsBuilder b =
        Jwt.issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(subject)
            .groups(group)
            .claim("jti", UUID.randomUUID().toString())
            .issuedAt(now)
            .expiresAt(now + 300);
    if (accountId != null) {
      b.claim("account_id", accountId);
    }
    return b;
  }

  public static PrivateKey gatewayKey() {
    return GATEWAY_KEY;
  }

  private static PrivateKey load(String resource) {
    try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Cannot load " + resource, e);
    }
  }
}
