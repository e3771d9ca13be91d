package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.Idp;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWT attack corpus (issue 4): each token differs from a valid admin token in exactly one way,
 * each gets 401 with a Bearer challenge, and none reaches a service. Positive controls prove the
 * valid token, the ES256 path and the allowed clock skew work, so the refusals mean something.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class JwtAttackTest {
  static final String ACCOUNT = "5f1e2d3c4b5a697887766554";
  static final String PATH = "/api/v1/subscription";

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
  }

  static JwtClaims valid() {
    return Idp.adminClaims(ACCOUNT);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** header.payload. with a hand-written header (alg none and friends). */
  static String unsigned(String alg) {
    return Idp.base64Url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}")
        + "."
        + Idp.base64Url(valid().toJson())
        + ".";
  }

  static String attackerSigned(java.util.function.Consumer<org.jose4j.jws.JsonWebSignature> header) {
    return Idp.sign(valid(), Idp.ATTACKER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256, Idp.RSA_KID, header);
  }

  static Map<String, Supplier<String>> corpus() {
    Map<String, Supplier<String>> tokens = new LinkedHashMap<>();
    tokens.put("alg none", () -> unsigned("none"));
    tokens.put("alg None", () -> unsigned("None"));
    tokens.put("alg NONE", () -> unsigned("NONE"));
    tokens.put(
        "HS256 keyed with the RSA public key",
        () -> {
          byte[] publicPem =
              ("-----BEGIN PUBLIC KEY-----\n"
                      + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                          .encodeToString(Idp.RSA_PUBLIC.getEncoded())
                      + "\n-----END PUBLIC KEY-----\n")
                  .getBytes(StandardCharsets.US_ASCII);
          return Idp.sign(
              valid(), new HmacKey(publicPem), AlgorithmIdentifiers.HMAC_SHA256, Idp.RSA_KID, jws -> {});
        });
    tokens.put(
        "HS256 keyed with the DER public key",
        () ->
            Idp.sign(
                valid(),
                new HmacKey(Idp.RSA_PUBLIC.getEncoded()),
                AlgorithmIdentifiers.HMAC_SHA256,
                Idp.RSA_KID,
                jws -> {}));
    tokens.put("signed by another key", () -> attackerSigned(jws -> {}));
    tokens.put(
        "tampered payload",
        () -> {
          String[] parts = Idp.admin(ACCOUNT).split("\\.");
          JwtClaims other = valid();
          other.setClaim("account_id", "6a1e2d3c4b5a697887766001");
          return parts[0] + "." + Idp.base64Url(other.toJson()) + "." + parts[2];
        });
    tokens.put(
        "expired beyond the skew",
        () -> {
          JwtClaims claims = valid();
          claims.setClaim("exp", now() - 120);
          return Idp.rs256(claims);
        });
    tokens.put(
        "nbf in the future beyond the skew",
        () -> {
          JwtClaims claims = valid();
          claims.setClaim("nbf", now() + 120);
          return Idp.rs256(claims);
        });
    tokens.put(
        "no exp",
        () -> {
          JwtClaims claims = valid();
          claims.unsetClaim("exp");
          return Idp.rs256(claims);
        });
    tokens.put(
        "wrong iss",
        () -> {
          JwtClaims claims = valid();
          claims.setIssuer("https://idp.evil.example");
          return Idp.rs256(claims);
        });
    tokens.put(
        "wrong aud",
        () -> {
          JwtClaims claims = valid();
          claims.setAudience("subscription-service");
          return Idp.rs256(claims);
        });
    tokens.put(
        "no aud",
        () -> {
          JwtClaims claims = valid();
          claims.unsetClaim("aud");
          return Idp.rs256(claims);
        });
    tokens.put(
        "no account_id",
        () -> {
          JwtClaims claims = valid();
          claims.unsetClaim("account_id");
          return Idp.rs256(claims);
        });
    tokens.put(
        "account_id not an account ID",
        () -> {
          JwtClaims claims = valid();
          claims.setClaim("account_id", "../6a1e2d3c4b5a697887766001");
          return Idp.rs256(claims);
        });
    tokens.put(
        "no group",
        () -> {
          JwtClaims claims = valid();
          claims.unsetClaim("groups");
          return Idp.rs256(claims);
        });
    tokens.put(
        "no sub",
        () -> {
          JwtClaims claims = valid();
          claims.unsetClaim("sub");
          return Idp.rs256(claims);
        });
    tokens.put(
        "jku pointing at the attacker's JWKS",
        () -> attackerSigned(jws -> jws.setHeader("jku", "https://attacker.example/jwks.json")));
    tokens.put(
        "x5u pointing at the attacker's certificate",
        () -> attackerSigned(jws -> jws.setHeader("x5u", "https://attacker.example/cert.pem")));
    tokens.put(
        "embedded jwk of the attacker",
        () ->
            attackerSigned(
                jws -> {
                  try {
                    java.security.interfaces.RSAPrivateCrtKey key =
                        (java.security.interfaces.RSAPrivateCrtKey) Idp.ATTACKER_KEY;
                    java.security.PublicKey attackerPublic =
                        java.security.KeyFactory.getInstance("RSA")
                            .generatePublic(
                                new java.security.spec.RSAPublicKeySpec(
                                    key.getModulus(), key.getPublicExponent()));
                    jws.setJwkHeader(PublicJsonWebKey.Factory.newPublicJwk(attackerPublic));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
    tokens.put(
        "jku on a token signed with the real key",
        () ->
            Idp.sign(
                valid(),
                Idp.RSA_KEY,
                AlgorithmIdentifiers.RSA_USING_SHA256,
                Idp.RSA_KID,
                jws -> jws.setHeader("jku", "https://attacker.example/jwks.json")));
    tokens.put(
        "kid with path traversal",
        () ->
            Idp.sign(
                valid(),
                Idp.RSA_KEY,
                AlgorithmIdentifiers.RSA_USING_SHA256,
                "../../../../../../dev/null",
                jws -> {}));
    tokens.put(
        "HS256 with an empty secret and a /dev/null kid",
        () ->
            Idp.sign(
                valid(),
                new HmacKey(new byte[32]),
                AlgorithmIdentifiers.HMAC_SHA256,
                "../../../../../../dev/null",
                jws -> {}));
    tokens.put(
        "ES256 with r = s = 0 (CVE-2022-21449)",
        () -> {
          String[] parts = Idp.es256(valid()).split("\\.");
          return parts[0]
              + "."
              + parts[1]
              + "."
              + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        });
    tokens.put(
        "RS256 header on an ES256 key id",
        () ->
            Idp.sign(
                valid(), Idp.RSA_KEY, AlgorithmIdentifiers.RSA_USING_SHA256, Idp.EC_KID, jws -> {}));
    tokens.put(
        "PS256 (not allowed)",
        () ->
            Idp.sign(
                valid(), Idp.RSA_KEY, AlgorithmIdentifiers.RSA_PSS_USING_SHA256, Idp.RSA_KID, jws -> {}));
    tokens.put(
        "a JWE instead of a JWS",
        () -> "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d");
    tokens.put("not a JWT", () -> "not-a-jwt");
    tokens.put("signature stripped", () -> Idp.admin(ACCOUNT).replaceAll("\\.[^.]+$", "."));
    return tokens;
  }

  @Test
  void everyTokenOfTheCorpusIsRefusedAndReachesNoService() {
    for (Map.Entry<String, Supplier<String>> attack : corpus().entrySet()) {
      String token = attack.getValue().get();
      given()
          .header("Authorization", "Bearer " + token)
          .get(PATH)
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", startsWith("Bearer"))
          .body("type", equalTo("https://problems.threatcommand.io/unauthenticated"));
      // asked twice: the remembered refusal is still a refusal
      given().header("Authorization", "Bearer " + token).get(PATH).then().statusCode(401);
      assertEquals(
          List.of(), FakeUpstreams.subscription.forwarded(), attack.getKey() + " reached a service");
    }
  }

  @Test
  void theValidTokensOfTheControlGroupPass() {
    given().auth().oauth2(Idp.admin(ACCOUNT)).get(PATH).then().statusCode(200);
    given().auth().oauth2(Idp.es256(valid())).get(PATH).then().statusCode(200);
    // "bearer" in any case, as RFC 6750 allows
    given().header("Authorization", "bearer " + Idp.admin(ACCOUNT)).get(PATH).then().statusCode(200);
    assertEquals(3, FakeUpstreams.subscription.forwarded().size());
  }

  @Test
  void clockSkewOfUpToSixtySecondsIsTolerated() {
    JwtClaims justExpired = valid();
    justExpired.setClaim("exp", now() - 30);
    given().auth().oauth2(Idp.rs256(justExpired)).get(PATH).then().statusCode(200);
    JwtClaims almostValid = valid();
    almostValid.setClaim("nbf", now() + 30);
    given().auth().oauth2(Idp.rs256(almostValid)).get(PATH).then().statusCode(200);
  }

  @Test
  void aMissingOrEmptyBearerIsRefused() {
    given().get(PATH).then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    given().header("Authorization", "Bearer ").get(PATH).then().statusCode(401);
    given().header("Authorization", "Token " + Idp.admin(ACCOUNT)).get(PATH).then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + "a".repeat(20_000))
        .get(PATH)
        .then()
        .statusCode(401);
    assertEquals(List.of(), FakeUpstreams.subscription.forwarded());
  }
}
