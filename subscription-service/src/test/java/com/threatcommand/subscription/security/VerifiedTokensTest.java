package com.threatcommand.subscription.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.threatcommand.common.security.VerifiedTokens;
import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.testing.Tokens;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Through the API: a token that was verified once is remembered only as exactly those bytes; the
 * same token changed in any way is refused as before (expiry: VerifiedTokensMemoryTest).
 */
@QuarkusTest
class VerifiedTokensTest {

  @Test
  void theServiceChecksTokensThroughTheMemory() {
    assertInstanceOf(VerifiedTokens.class, ClientProxy.unwrap(Arc.container().instance(JWTParser.class).get()));
  }

  @Test
  void aRememberedTokenWithAnotherSignatureOrClaimIsVerifiedAgainAndRefused() {
    String account = Accounts.provisioned("GOLD", "2031-01-01", 10, 10);
    String token = Tokens.admin(account);
    given().auth().oauth2(token).get("/api/v1/subscription").then().statusCode(200);

    String[] parts = token.split("\\.");
    String otherSignature = parts[0] + "." + parts[1] + "." + Tokens.adminSignedByAttacker(account).split("\\.")[2];
    given().auth().oauth2(otherSignature).get("/api/v1/subscription").then().statusCode(401);

    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String otherAccount =
        Base64.getUrlEncoder().withoutPadding()
            .encodeToString(payload.replace(account, Accounts.newId()).getBytes(StandardCharsets.UTF_8));
    given().auth().oauth2(parts[0] + "." + otherAccount + "." + parts[2]).get("/api/v1/subscription").then().statusCode(401);

    given().auth().oauth2(token).get("/api/v1/subscription").then().statusCode(200);
  }
}
