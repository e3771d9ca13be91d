package com.threatcommand.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The test identity provider: mints real signed JWTs as the company IdP would (RS256 with kid
 * {@code rsa-1}, ES256 with kid {@code ec-1}), and publishes its JWKS. Each negative variant in the
 * tests differs from {@link #admin} in exactly one thing.
 */
public final class Idp {
  public static final String ISSUER = "https://idp.test.threatcommand.local";
  public static final String AUDIENCE = "threat-command";
  public static final String RSA_KID = "rsa-1";
  public static final String EC_KID = "ec-1";

  public static final PrivateKey RSA_KEY = privateKey("dev-keys/idp-dev-private.pem", "RSA");
  public static final PublicKey RSA_PUBLIC = publicKey("dev-keys/idp-dev-public.pem", "RSA");
  public static final PrivateKey EC_KEY = privateKey("dev-keys/idp-dev-ec-private.pem", "EC");
  public static final PublicKey EC_PUBLIC = publicKey("dev-keys/idp-dev-ec-public.pem", "EC");
  public static final PrivateKey ATTACKER_KEY = privateKey("dev-keys/attacker-private.pem", "RSA");

  private Idp() {}

  /** Claims of a valid admin token for the account. */
  public static JwtClaims adminClaims(String accountId) {
    JwtClaims claims = baseClaims("admin-" + accountId);
    claims.setStringListClaim("groups", List.of("admin"));
    claims.setClaim("account_id", accountId);
    claims.setClaim("email", "admin@" + accountId + ".example.com");
    claims.setClaim("name", "Ada Admin");
    return claims;
  }

  public static JwtClaims provisionerClaims() {
    JwtClaims claims = baseClaims("back-office");
    claims.setStringListClaim("groups", List.of("provisioner"));
    return claims;
  }

  public static JwtClaims baseClaims(String subject) {
    long now = System.currentTimeMillis() / 1000;
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setAudience(AUDIENCE);
    claims.setSubject(subject);
    claims.setJwtId(UUID.randomUUID().toString());
    // issued a while ago, so that an exp in the recent past differs from this in exp alone
    claims.setClaim("iat", now - 300);
    claims.setClaim("nbf", now - 300);
    claims.setClaim("exp", now + 600);
    return claims;
  }

  public static String admin(String accountId) {
    return rs256(adminClaims(accountId));
  }

  public static String provisioner() {
    return rs256(provisionerClaims());
  }

  public static String rs256(JwtClaims claims) {
    return sign(claims, RSA_KEY, AlgorithmIdentifiers.RSA_USING_SHA256, RSA_KID, jws -> {});
  }

  public static String es256(JwtClaims claims) {
    return sign(claims, EC_KEY, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, EC_KID, jws -> {});
  }

  /** Signs with any key, algorithm and header tweaks (for the attack corpus). */
  public static String sign(
      JwtClaims claims, java.security.Key key, String alg, String kid, Consumer<JsonWebSignature> tweak) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setAlgorithmHeaderValue(alg);
    if (kid != null) {
      jws.setKeyIdHeaderValue(kid);
    }
    jws.setHeader("typ", "JWT");
    jws.setDoKeyValidation(false);
    tweak.accept(jws);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JWKS the test identity provider publishes; {@code extra} adds rotated-in keys. */
  public static String jwks(List<JsonWebKey> extra) {
    try {
      PublicJsonWebKey rsa = PublicJsonWebKey.Factory.newPublicJwk(RSA_PUBLIC);
      rsa.setKeyId(RSA_KID);
      rsa.setUse("sig");
      PublicJsonWebKey ec = PublicJsonWebKey.Factory.newPublicJwk(EC_PUBLIC);
      ec.setKeyId(EC_KID);
      ec.setUse("sig");
      JsonWebKeySet set = new JsonWebKeySet(rsa, ec);
      extra.forEach(set::addJsonWebKey);
      return set.toJson();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String base64Url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static PrivateKey privateKey(String resource, String algorithm) {
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(pem(resource, "PRIVATE KEY")));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static PublicKey publicKey(String resource, String algorithm) {
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePublic(new X509EncodedKeySpec(pem(resource, "PUBLIC KEY")));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] pem(String resource, String label) {
    try (InputStream in = Idp.class.getClassLoader().getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return Base64.getDecoder()
          .decode(
              text.replace("-----BEGIN " + label + "-----", "")
                  .replace("-----END " + label + "-----", "")
                  .replaceAll("\\s", ""));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + resource, e);
    }
  }
}
