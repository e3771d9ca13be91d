package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.Idp;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity provider's JWKS: fetched again when a new kid appears, but not on every token. */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class JwksTest {
  static final String ACCOUNT = "5f1e2d3c4b5a697887766554";

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
  }

  @Test
  void aKeyRotatedInAtTheIdentityProviderIsPickedUpWithoutARestart() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair rotated = generator.generateKeyPair();
    String kid = "rsa-" + UUID.randomUUID();
    String token =
        Idp.sign(Idp.adminClaims(ACCOUNT), rotated.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256, kid, jws -> {});
    // not published yet: refused
    given().auth().oauth2(token).get("/api/v1/subscription").then().statusCode(401);
    PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(rotated.getPublic());
    jwk.setKeyId(kid);
    FakeUpstreams.rotatedInKeys.add(jwk);
    // published: accepted as soon as the rate limit on JWKS fetches (2 s in tests) allows
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> given().auth().oauth2(token).get("/api/v1/subscription").statusCode() == 200);
  }

  @Test
  void unknownKidsDoNotMakeTheGatewayHammerTheIdentityProvider() throws Exception {
    Thread.sleep(2100); // let the previous fetch's rate-limit window pass
    int before = FakeUpstreams.jwksFetches.get();
    long started = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      String token =
          Idp.sign(
              Idp.adminClaims(ACCOUNT),
              Idp.ATTACKER_KEY,
              AlgorithmIdentifiers.RSA_USING_SHA256,
              "unknown-" + i,
              jws -> {});
      given().auth().oauth2(token).get("/api/v1/subscription").then().statusCode(401);
    }
    int fetches = FakeUpstreams.jwksFetches.get() - before;
    // at most one fetch per 2 s window (the test profile's jwks-min-refresh-interval)
    long windows = 1 + (System.nanoTime() - started) / 2_000_000_000L;
    assertTrue(fetches <= windows, "30 unknown kids caused " + fetches + " JWKS fetches in " + windows + " windows");
    assertEquals(0, FakeUpstreams.subscription.forwarded().size());
  }
}
