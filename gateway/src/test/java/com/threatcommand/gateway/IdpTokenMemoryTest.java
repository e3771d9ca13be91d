package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.Idp;
import com.threatcommand.gateway.support.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway remembers an identity-provider token that passed full verification, so that its
 * RS256 signature is checked once per token rather than once per request. What it remembers must
 * never let through anything that a full verification would refuse.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class IdpTokenMemoryTest {
  static final String ACCOUNT = "5f1e2d3c4b5a697887766554";
  static final String OTHER_ACCOUNT = "6a1e2d3c4b5a697887766001";
  static final String PATH = "/api/v1/subscription";

  @Inject TestClock clock;

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void aTamperedCopyOfARememberedTokenIsRefused() {
    String token = Idp.admin(ACCOUNT);
    given().auth().oauth2(token).get(PATH).then().statusCode(200);
    given().auth().oauth2(token).get(PATH).then().statusCode(200); // now from memory

    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String otherTenant =
        parts[0]
            + "."
            + Idp.base64Url(payload.replace(ACCOUNT, OTHER_ACCOUNT))
            + "."
            + parts[2];
    given().auth().oauth2(otherTenant).get(PATH).then().statusCode(401);

    char last = parts[2].charAt(parts[2].length() - 2);
    String otherSignature =
        token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    given().auth().oauth2(otherSignature).get(PATH).then().statusCode(401);

    // Only the two genuine requests reached the service, both for the token's own account.
    assertEquals(2, FakeUpstreams.subscription.forwarded().size());
    given().auth().oauth2(token).get(PATH).then().statusCode(200);
  }

  @Test
  void aRememberedTokenIsRefusedOnceExpired() {
    JwtClaims claims = Idp.adminClaims(ACCOUNT);
    long now = System.currentTimeMillis() / 1000;
    claims.setClaim("exp", now + 30);
    String token = Idp.rs256(claims);
    given().auth().oauth2(token).get(PATH).then().statusCode(200);
    given().auth().oauth2(token).get(PATH).then().statusCode(200);

    // Past exp and past the 60 s of clock skew that a full verification allows.
    clock.advance(Duration.ofSeconds(30 + 61));
    given().auth().oauth2(token).get(PATH).then().statusCode(401);
    assertEquals(2, FakeUpstreams.subscription.forwarded().size());
  }
}
