package com.threatcommand.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/** Fresh tenants for the end-to-end tests, and the credentials their people use. */
final class Tenants {
  private Tenants() {}

  /** A new 24-hex-digit account ID, as Threat Command's. */
  static String newAccount() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("%08x%016x", random.nextInt(), random.nextLong());
  }

  /** A JWT from this run's identity provider. */
  static String token(Stack stack, String subject, String group, String accountId) {
    long now = System.currentTimeMillis() / 1000;
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(Stack.IDP_ISSUER);
    claims.setAudience(Stack.IDP_AUDIENCE);
    claims.setSubject(subject);
    claims.setStringListClaim("groups", List.of(group));
    if (accountId != null) {
      claims.setClaim("account_id", accountId);
      claims.setClaim("email", subject + "@customer.example.com");
      claims.setClaim("name", "Ada Admin");
    }
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setClaim("iat", now);
    claims.setClaim("exp", now + 600);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(stack.idpKey);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  static String admin(Stack stack, String accountId) {
    return token(stack, "ada", "admin", accountId);
  }

  static String basic(String accountId, String key) {
    return "Basic " + Base64.getEncoder().encodeToString((accountId + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** A GOLD subscription with 120 credits, set up by the back office through the gateway. */
  static void provision(Stack stack, String accountId) {
    String provisioner = token(stack, "back-office", "provisioner", null);
    given()
        .baseUri(stack.gateway())
        .auth().oauth2(provisioner)
        .contentType("application/json")
        .body(
            Map.of(
                "type", "GOLD",
                "expiresOn", LocalDate.now().plusDays(215).toString(),
                "modules", List.of("Discovery", "IOC", "ThreatLibrary", "InvestigationPage"),
                "limits", Map.of("assets", 100, "remediations", 25),
                "storedDataRegion", "EU"))
        .put("/api/v1/provisioning/accounts/" + accountId + "/subscription")
        .then()
        .statusCode(anyOf(equalTo(200), equalTo(201)));
    given()
        .baseUri(stack.gateway())
        .auth().oauth2(provisioner)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .contentType("application/json")
        .body(Map.of("amount", 120, "reason", "welcome credits"))
        .post("/api/v1/provisioning/accounts/" + accountId + "/credits/grants")
        .then()
        .statusCode(201);
  }
}
