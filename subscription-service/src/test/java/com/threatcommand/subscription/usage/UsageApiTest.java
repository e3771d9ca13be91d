package com.threatcommand.subscription.usage;

import static com.threatcommand.subscription.support.Api.assertInvalid;
import static com.threatcommand.subscription.support.Api.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Api;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsageApiTest {
  private static final String PATH = "/api/v1/provisioning/accounts/{id}/usage/{counter}";

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
  void consumingAndReleasingMoveTheCountersTheAdminSees() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 100, 25);
    Api.usage(account, "assets", 40).then().statusCode(200)
        .contentType("application/json")
        .body("limit", is(100)).body("used", is(40)).body("remaining", is(60));
    Api.usage(account, "remediations", 3).then().statusCode(200)
        .body("limit", is(25)).body("used", is(3)).body("remaining", is(22));
    Api.usage(account, "assets", -15).then().statusCode(200).body("used", is(25));
    Api.usage(account, "assets", 0).then().statusCode(200).body("used", is(25));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription").then()
        .body("limitations.assets.used", is(25)).body("limitations.assets.remaining", is(75))
        .body("limitations.remediations.used", is(3));
  }

  @Test
  void consumingPastTheLimitIsRefusedAndChangesNothing() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 2);
    Api.usage(account, "assets", 10).then().statusCode(200).body("remaining", is(0));
    assertProblem(Api.usage(account, "assets", 1), 409, "limit-exceeded");
    Api.usage(account, "remediations", 2).then().statusCode(200);
    assertProblem(Api.usage(account, "remediations", 1), 409, "limit-exceeded");
    Api.usage(account, "assets", 0).then().statusCode(200).body("used", is(10));
  }

  @Test
  void releasingBelowZeroIsA400() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 2);
    Api.usage(account, "assets", 3).then().statusCode(200);
    assertInvalid(Api.usage(account, "assets", -4), "delta");
    Api.usage(account, "assets", -3).then().statusCode(200).body("used", is(0));
    assertInvalid(Api.usage(account, "remediations", -1), "delta");
  }

  @Test
  void overALoweredLimitOnlyReleasingWorksUntilBackUnder() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.usage(account, "assets", 8).then().statusCode(200);
    Accounts.provision(account, "GOLD", "2030-01-01", 5, 5);
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription").then()
        .body("limitations.assets.limit", is(5)).body("limitations.assets.used", is(8))
        .body("limitations.assets.remaining", is(0));
    assertProblem(Api.usage(account, "assets", 1), 409, "limit-exceeded");
    Api.usage(account, "assets", -2).then().statusCode(200).body("used", is(6)).body("remaining", is(0));
    assertProblem(Api.usage(account, "assets", 1), 409, "limit-exceeded");
    Api.usage(account, "assets", -2).then().statusCode(200).body("used", is(4));
    Api.usage(account, "assets", 1).then().statusCode(200).body("used", is(5));
  }

  @Test
  void consumingIsRefusedFromTheDayAfterExpiresOnReleasingIsNot() {
    String account = Accounts.provisioned("GOLD", "2030-06-30", 10, 5);
    clock.setInstant(Instant.parse("2030-06-30T23:59:59Z"));
    Api.usage(account, "assets", 4).then().statusCode(200).body("used", is(4));
    Api.usage(account, "remediations", 1).then().statusCode(200);
    clock.setInstant(Instant.parse("2030-07-01T00:00:00Z"));
    assertProblem(Api.usage(account, "assets", 1), 409, "subscription-expired");
    assertProblem(Api.usage(account, "remediations", 1), 409, "subscription-expired");
    Api.usage(account, "assets", -4).then().statusCode(200).body("used", is(0));
    Api.usage(account, "remediations", -1).then().statusCode(200).body("used", is(0));
  }

  @Test
  void badInputIsRefused() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    for (String[] c : new String[][] {
        {"{}", "delta"}, {"{\"delta\":null}", "delta"}, {"{\"delta\":\"3\"}", "delta"},
        {"{\"delta\":1.5}", "delta"}, {"{\"delta\":1000000001}", "delta"},
        {"{\"delta\":-1000000001}", "delta"}, {"{\"delta\":1,\"why\":\"x\"}", "why"},
        {"{\"delta\":true}", "delta"}, {"[1]", null}, {"", null}}) {
      assertInvalid(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
          .body(c[0]).post(PATH, account, "assets"), c[1]);
    }
    assertInvalid(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .body("{\"delta\":99999999999999999999999}").post(PATH, account, "assets"), null);
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .body("{\"delta\":").post(PATH, account, "assets"), 400, "malformed-json");
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("text/plain")
        .body("{\"delta\":1}").post(PATH, account, "assets"), 415, "unsupported-media-type");
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .body("{\"delta\":1}").post(PATH, account, "bananas"), 404, "not-found");
    assertInvalid(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .body("{\"delta\":1}").post(PATH, "no spaces allowed", "assets"), "accountId");
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .body("{\"delta\":\"" + "1".repeat(70 * 1024) + "\"}").post(PATH, account, "assets"), 413,
        "payload-too-large");
    assertProblem(Api.usage(Accounts.newId(), "assets", 1), 404, "subscription-not-found");
    Api.usage(account, "assets", 0).then().statusCode(200).body("used", is(0));
  }
}
