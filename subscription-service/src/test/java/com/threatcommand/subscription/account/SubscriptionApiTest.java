package com.threatcommand.subscription.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.RawRequest;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionApiTest {
  @Inject MutableClock clock;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void adminSeesTheWholeSubscriptionDocument() {
    String accountId = Accounts.newId();
    String expiresOn = LocalDate.now(ZoneOffset.UTC).plusDays(215).toString();
    given()
        .auth()
        .oauth2(Tokens.provisioner())
        .contentType("application/json")
        .body(
            """
            {"type":"GOLD","expiresOn":"%s","modules":["Discovery","IOC"],
             "limits":{"assets":100,"remediations":25},"storedDataRegion":"EU"}
            """
                .formatted(expiresOn))
        .put("/api/v1/provisioning/accounts/{id}/subscription", accountId)
        .then()
        .statusCode(201)
        .body("accountId", equalTo(accountId));

    given()
        .auth()
        .oauth2(Tokens.admin(accountId))
        .get("/api/v1/subscription")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("accountId", equalTo(accountId))
        .body("type", equalTo("GOLD"))
        .body("status", equalTo("ACTIVE"))
        .body("expiresOn", equalTo(expiresOn))
        .body("daysRemaining", equalTo(215))
        .body("modules.code", contains(
            "Discovery", "Remediation", "IOC", "VirtualAppliance", "InvestigationPage",
            "ThreatLibrary", "IntelliFind", "Cve"))
        .body("modules.find { it.code == 'Discovery' }.included", is(true))
        .body("modules.find { it.code == 'IOC' }.name", equalTo("IOC Management"))
        .body("modules.find { it.code == 'Remediation' }.included", is(false))
        .body("credits.balance", equalTo(0))
        .body("limitations.assets.limit", equalTo(100))
        .body("limitations.assets.used", equalTo(0))
        .body("limitations.assets.remaining", equalTo(100))
        .body("limitations.remediations.limit", equalTo(25))
        .body("storedData.region", equalTo("EU"))
        .body("storedData.location", equalTo("European Union"));
  }

  @Test
  void provisioningAgainReplacesThePlanWith200() {
    String accountId = Accounts.provisioned("BRONZE", "2030-01-01", 10, 5, "Discovery");
    given()
        .auth()
        .oauth2(Tokens.provisioner())
        .contentType("application/json")
        .body(
            """
            {"type":"PLATINUM","expiresOn":"2031-12-31","modules":["Cve"],
             "limits":{"assets":500,"remediations":50},"storedDataRegion":"AP"}
            """)
        .put("/api/v1/provisioning/accounts/{id}/subscription", accountId)
        .then()
        .statusCode(200)
        .body("type", equalTo("PLATINUM"))
        .body("storedData.location", equalTo("Asia-Pacific"))
        .body("modules.findAll { it.included }.code", contains("Cve"));

    given()
        .auth()
        .oauth2(Tokens.provisioner())
        .get("/api/v1/provisioning/accounts/{id}/subscription", accountId)
        .then()
        .statusCode(200)
        .body("type", equalTo("PLATINUM"))
        .body("limitations.assets.limit", equalTo(500));
  }

  @Test
  void integratorSeesSystemModulesInThreatCommandShape() {
    String accountId = Accounts.provisioned("GOLD", "2030-01-01", 10, 5, "Discovery", "ThreatLibrary");
    given()
        .auth()
        .oauth2(Tokens.apiKey(accountId))
        .get("/public/v1/account/system-modules")
        .then()
        .statusCode(200)
        .body("Discovery", is(true))
        .body("ThreatLibrary", is(true))
        .body("Remediation", is(false))
        .body("Cve", is(false))
        .body("size()", is(8));

    given()
        .auth()
        .oauth2(Tokens.apiKey(accountId))
        .get("/public/v1/account/subscription")
        .then()
        .statusCode(200)
        .body("accountId", equalTo(accountId));
  }

  @Test
  void unprovisionedAccountGetsSubscriptionNotFound() {
    given()
        .auth()
        .oauth2(Tokens.admin(Accounts.newId()))
        .get("/api/v1/subscription")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", endsWith("/subscription-not-found"))
        .body("status", is(404))
        .body("instance", equalTo("/api/v1/subscription"))
        .body("requestId", notNullValue());
  }

  @Test
  void statusFlipsToExpiredTheDayAfterExpiresOn() {
    String accountId = Accounts.provisioned("GOLD", "2030-06-30", 10, 5);
    clock.setInstant(Instant.parse("2030-06-30T23:59:59Z"));
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/subscription")
        .then().statusCode(200).body("status", equalTo("ACTIVE")).body("daysRemaining", is(0));
    clock.setInstant(Instant.parse("2030-07-01T00:00:00Z"));
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/subscription")
        .then().statusCode(200).body("status", equalTo("EXPIRED")).body("daysRemaining", is(0));
    clock.setInstant(Instant.parse("2030-06-29T12:00:00Z"));
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/subscription")
        .then().statusCode(200).body("status", equalTo("ACTIVE")).body("daysRemaining", is(1));
  }

  @Test
  void adminOfAnotherAccountNeverSeesThisOne() {
    String mine = Accounts.provisioned("GOLD", "2030-01-01", 10, 5, "Discovery");
    String theirs = Accounts.provisioned("PLATINUM", "2030-01-01", 99, 9, "Cve");
    given().auth().oauth2(Tokens.admin(mine)).get("/api/v1/subscription")
        .then().statusCode(200).body("accountId", equalTo(mine)).body("type", equalTo("GOLD"));
    given().auth().oauth2(Tokens.admin(theirs)).queryParam("accountId", mine)
        .header("X-Account-Id", mine).get("/api/v1/subscription")
        .then().statusCode(200).body("accountId", equalTo(theirs));
  }

  @Test
  void provisioningRejectsBadInput() {
    String id = Accounts.newId();
    String valid =
        "{\"type\":\"GOLD\",\"expiresOn\":\"2030-01-01\",\"modules\":[],\"limits\":{\"assets\":1,\"remediations\":1},\"storedDataRegion\":\"EU\"}";
    badProvision(id, valid.replace("\"GOLD\"", "\"DIAMOND\""), "type");
    badProvision(id, valid.replace("\"2030-01-01\"", "\"2030-13-01\""), "expiresOn");
    badProvision(id, valid.replace("\"2030-01-01\"", "20300101"), "expiresOn");
    badProvision(id, valid.replace("\"modules\":[]", "\"modules\":[\"Teleport\"]"), "modules[0]");
    badProvision(id, valid.replace("\"EU\"", "\"MARS\""), "storedDataRegion");
    badProvision(id, valid.replace("\"assets\":1", "\"assets\":-1"), "limits.assets");
    badProvision(id, valid.replace("\"assets\":1", "\"assets\":\"many\""), "limits.assets");
    badProvision(id, valid.replace("\"assets\":1", "\"assets\":1.5"), "limits.assets");
    badProvision(id, valid.replace("\"assets\":1", "\"assets\":10000000000000"), "limits.assets");
    badProvision(id, valid.replace("\"assets\":1", "\"assets\":1000000000000000000000000"), null);
    badProvision(id, valid.replace(",\"storedDataRegion\":\"EU\"", ""), "storedDataRegion");
    badProvision(id, valid.substring(0, valid.length() - 1) + ",\"colour\":\"red\"}", "colour");
    badProvision(id, valid.replace("\"GOLD\"", "0"), "type");
    badProvision(id, valid.replace("\"modules\":[]", "\"modules\":\"Discovery\""), "modules");
    badProvision(id, "", null);
    given().auth().oauth2(Tokens.provisioner()).contentType("application/json").body("{\"type\": GOLD")
        .put("/api/v1/provisioning/accounts/{id}/subscription", id)
        .then().statusCode(400).contentType("application/problem+json").body("type", endsWith("/malformed-json"));
    given().auth().oauth2(Tokens.provisioner()).contentType("text/plain").body(valid)
        .put("/api/v1/provisioning/accounts/{id}/subscription", id)
        .then().statusCode(415).contentType("application/problem+json").body("type", endsWith("/unsupported-media-type"));
    given().auth().oauth2(Tokens.provisioner()).contentType("application/json").body(valid)
        .put("/api/v1/provisioning/accounts/{id}/subscription", "bad id!")
        .then().statusCode(400).body("type", endsWith("/validation-failed")).body("errors.field", hasItem("accountId"));
    // nothing was created by any of the above
    given().auth().oauth2(Tokens.provisioner()).get("/api/v1/provisioning/accounts/{id}/subscription", id)
        .then().statusCode(404);
  }

  private static void badProvision(String id, String body, String field) {
    var response =
        given().auth().oauth2(Tokens.provisioner()).contentType("application/json").body(body)
            .put("/api/v1/provisioning/accounts/{id}/subscription", id)
            .then().statusCode(400).contentType("application/problem+json")
            .body("type", endsWith("/validation-failed"))
            .body("status", is(400))
            .body("requestId", notNullValue());
    if (field != null) {
      response.body("errors.field", hasItem(field));
    }
  }

  @Test
  void bodiesOverSixtyFourKibAreRefusedWith413() {
    String big = "{\"type\":\"GOLD\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    given().auth().oauth2(Tokens.provisioner()).contentType("application/json").body(big)
        .put("/api/v1/provisioning/accounts/{id}/subscription", Accounts.newId())
        .then().statusCode(413).contentType("application/problem+json").body("type", endsWith("/payload-too-large"));
  }

  @Test
  void chunkedBodiesOverSixtyFourKibAreRefusedWith413() throws Exception {
    // No Content-Length to refuse up front: the limit holds as the chunks come in.
    String padding = "x".repeat(8 * 1024);
    try (RawRequest request = new RawRequest("PUT",
        "/api/v1/provisioning/accounts/" + Accounts.newId() + "/subscription",
        "Authorization: Bearer " + Tokens.provisioner(), "Content-Type: application/json",
        "Transfer-Encoding: chunked")) {
      request.send(chunk("{\"type\":\"GOLD\",\"pad\":\""));
      for (int i = 0; i < 9; i++) {
        request.send(chunk(padding));
      }
      request.send(chunk("\"}") + "0\r\n\r\n");
      String response = request.response();
      assertEquals(413, RawRequest.status(response), response);
      assertTrue(response.contains("application/problem+json"), response);
      assertTrue(response.contains("/payload-too-large"), response);
    }
  }

  private static String chunk(String data) {
    return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
  }

  @Test
  void wrongCallersAreRefused() {
    String accountId = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    given().get("/api/v1/subscription").then().statusCode(401)
        .header("WWW-Authenticate", notNullValue())
        .contentType("application/problem+json").body("type", endsWith("/unauthenticated"));
    given().auth().oauth2(Tokens.expiredAdmin(accountId)).get("/api/v1/subscription").then().statusCode(401);
    given().auth().oauth2(Tokens.adminForOtherService(accountId)).get("/api/v1/subscription").then().statusCode(401);
    given().auth().oauth2(Tokens.adminFromOtherIssuer(accountId)).get("/api/v1/subscription").then().statusCode(401);
    given().auth().oauth2(Tokens.adminSignedByAttacker(accountId)).get("/api/v1/subscription").then().statusCode(401);
    given().auth().oauth2(Tokens.adminWithoutAccount()).get("/api/v1/subscription").then().statusCode(401);
    given().auth().oauth2("not-a-jwt").get("/api/v1/subscription").then().statusCode(401);
    given().auth().oauth2(Tokens.apiKey(accountId)).get("/api/v1/subscription").then().statusCode(403)
        .contentType("application/problem+json").body("type", endsWith("/forbidden"));
    given().auth().oauth2(Tokens.provisioner()).get("/api/v1/subscription").then().statusCode(403);
    given().auth().oauth2(Tokens.applianceKey(accountId)).get("/public/v1/account/system-modules").then().statusCode(403);
    given().auth().oauth2(Tokens.admin(accountId)).get("/public/v1/account/system-modules").then().statusCode(403);
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/provisioning/accounts/{id}/subscription", accountId)
        .then().statusCode(403);
  }

  @Test
  void unknownPathsAndMethodsAreProblems() {
    given().auth().oauth2(Tokens.admin(Accounts.newId())).get("/api/v1/nothing-here")
        .then().statusCode(404).contentType("application/problem+json").body("type", endsWith("/not-found"));
    given().auth().oauth2(Tokens.admin(Accounts.newId())).delete("/api/v1/subscription")
        .then().statusCode(405).contentType("application/problem+json");
  }

  @Test
  void requestIdIsEchoedOrCreated() {
    given().header("X-Request-Id", "abc-123").get("/api/v1/subscription")
        .then().header("X-Request-Id", equalTo("abc-123")).body("requestId", equalTo("abc-123"));
    given().header("X-Request-Id", "bad id with spaces").get("/api/v1/subscription")
        .then().header("X-Request-Id", not(equalTo("bad id with spaces")))
        .header("X-Request-Id", notNullValue());
  }

  @Test
  void operationsEndpointsAnswer() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths", hasKey("/api/v1/subscription"))
        .body("components.schemas", hasKey("Problem"))
        .body("components.securitySchemes", hasKey("internalToken"));
  }
}
