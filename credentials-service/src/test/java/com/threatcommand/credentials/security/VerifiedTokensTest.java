package com.threatcommand.credentials.security;

import com.threatcommand.common.security.VerifiedTokens;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.testing.Tokens;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import org.junit.jupiter.api.Test;

/**
 * Through the API: a token that was verified once is remembered only as exactly those bytes; the
 * same token with another signature is refused as before (expiry: VerifiedTokensMemoryTest).
 */
@QuarkusTest
class VerifiedTokensTest {

  @Test
  void theServiceChecksTokensThroughTheMemory() {
    assertInstanceOf(VerifiedTokens.class, ClientProxy.unwrap(Arc.container().instance(JWTParser.class).get()));
  }

  @Test
  void aRememberedTokenWithAnotherSignatureIsVerifiedAgainAndRefused() {
    String account = Accounts.newId();
    String token = Tokens.admin(account);
    given().auth().oauth2(token).get("/api/v1/credentials").then().statusCode(200);

    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + Tokens.signedByAttacker("gateway", null).split("\\.")[2];
    given().auth().oauth2(forged).get("/api/v1/credentials").then().statusCode(401);
    given().auth().oauth2(token).get("/api/v1/credentials").then().statusCode(200);
  }
}
