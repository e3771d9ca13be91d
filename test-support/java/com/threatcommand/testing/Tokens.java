package com.threatcommand.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * Mints real signed internal tokens, as the gateway would, for the service under test: their
 * audience is the one its {@code application.properties} verifies ({@code mp.jwt.verify.audiences}),
 * and "the other service" is the other of subscription-service and credentials-service. Each
 * negative variant differs from a valid token in exactly one thing.
 */
public final class Tokens {
  public static final String ISSUER = "urn:threatcommand:gateway";
  public static final String AUDIENCE = ownAudience();
  public static final String OTHER_SERVICE =
      AUDIENCE.equals("subscription-service") ? "credentials-service" : "subscription-service";

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

  public static String gateway() {
    return builder("gateway", null, "gateway").sign(GATEWAY_KEY);
  }

  /** A valid token of the given group; key holders get a key-style subject. */
  public static String forGroup(String group, String accountId) {
    return switch (group) {
      case "admin" -> admin(accountId);
      case "api-key" -> apiKey(accountId);
      case "appliance-key" -> applianceKey(accountId);
      case "provisioner" -> provisioner();
      case "gateway" -> gateway();
      default -> throw new IllegalArgumentException(group);
    };
  }

  private static String subjectFor(String group) {
    return switch (group) {
      case "api-key" -> "api-key:key-1";
      case "appliance-key" -> "appliance-key:key-2";
      case "provisioner" -> "back-office";
      case "gateway" -> "gateway";
      default -> "admin-user";
    };
  }

  private static String accountFor(String group, String accountId) {
    return group.equals("provisioner") || group.equals("gateway") ? null : accountId;
  }

  /** Like {@link #forGroup} but expired five minutes ago. */
  public static String expired(String group, String accountId) {
    long now = System.currentTimeMillis() / 1000;
    return builder(subjectFor(group), accountFor(group, accountId), group)
        .issuedAt(now - 600)
        .expiresAt(now - 300)
        .sign(GATEWAY_KEY);
  }

  /** Like {@link #forGroup} but for the other service. */
  public static String forOtherService(String group, String accountId) {
    return builder(subjectFor(group), accountFor(group, accountId), group)
        .audience(OTHER_SERVICE)
        .sign(GATEWAY_KEY);
  }

  /** Like {@link #forGroup} but from the identity provider's issuer. */
  public static String fromOtherIssuer(String group, String accountId) {
    return builder(subjectFor(group), accountFor(group, accountId), group)
        .issuer("https://idp.example.com")
        .sign(GATEWAY_KEY);
  }

  /** Like {@link #forGroup} but signed with a key the service does not trust. */
  public static String signedByAttacker(String group, String accountId) {
    return builder(subjectFor(group), accountFor(group, accountId), group).sign(ATTACKER_KEY);
  }

  public static String provisioner() {
    return builder("back-office", null, "provisioner").sign(GATEWAY_KEY);
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
    return builder("admin-user", accountId, "admin").audience(OTHER_SERVICE).sign(GATEWAY_KEY);
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

  private static String ownAudience() {
    Properties properties = new Properties();
    try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream("application.properties")) {
      properties.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("No application.properties of the service under test", e);
    }
    String audience = properties.getProperty("mp.jwt.verify.audiences");
    if (audience == null || audience.isBlank()) {
      throw new IllegalStateException("application.properties sets no mp.jwt.verify.audiences");
    }
    return audience.trim();
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
