package com.threatcommand.subscription.security;

import static io.restassured.RestAssured.given;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Through the API: a token that was verified once is remembered only as exactly those bytes; the
 * same token changed in any way is refused as before (expiry: VerifiedTokensMemoryTest).
 */
@QuarkusTest
class VerifiedTokensTest {

  @Test
  void theServiceChecksTokensThroughTheMemory() {
    Object parser = io.quarkus.arc.ClientProxy.unwrap(
        io.quarkus.arc.Arc.container().instance(io.smallrye.jwt.auth.principal.JWTParser.class).get());
    org.junit.jupiter.api.Assertions.assertInstanceOf(com.threatcommand.subscription.web.VerifiedTokens.class, parser);
  }

  @Test
  void aRememberedTokenWithAnotherSignatureOrClaimIsVerifiedAgainAndRefused() {
    String account = Accounts.provisioned("GOLD", "2031-01-01", 10, 10);
    String token = Tokens.admin(account);
    given().auth().oauth2(token).get("/api/v1/subscription").then().statusCode(200);

    String[] parts = token.split("\\.");
    String otherSignature = parts[0] + "." + parts[1] + "." + Tokens.adminSignedByAttacker(account).split("\\.")[2];
    given().auth().oauth2(otherSignature).get("/api/v1/subscription").then().statusCode(401);

    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
    String otherAccount =
        java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(payload.replace(account, Accounts.newId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    given().auth().oauth2(parts[0] + "." + otherAccount + "." + parts[2]).get("/api/v1/subscription").then().statusCode(401);

    given().auth().oauth2(token).get("/api/v1/subscription").then().statusCode(200);
  }
}
