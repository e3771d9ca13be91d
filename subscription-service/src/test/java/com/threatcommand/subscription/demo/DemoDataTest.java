package com.threatcommand.subscription.demo;

import static com.threatcommand.subscription.support.Api.assertProblem;
import static com.threatcommand.subscription.support.Api.key;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.threatcommand.subscription.support.Api;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo accounts of contracts.md, loaded the way dev mode loads them on start. */
@QuarkusTest
class DemoDataTest {
  @Inject DemoData demo;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void demoAccountsAreLoadedIdempotentlyAndMatchTheirDescriptions() {
    demo.load();
    demo.load(); // every start loads them again: nothing doubles
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    given().auth().oauth2(Tokens.admin("5f1e2d3c4b5a697887766554")).get("/api/v1/subscription")
        .then().statusCode(200)
        .body("type", equalTo("GOLD")).body("status", equalTo("ACTIVE"))
        .body("expiresOn", equalTo(today.plusDays(215).toString()))
        .body("daysRemaining", is(215))
        .body("modules.findAll { it.included }.code",
            containsInAnyOrder("Discovery", "IOC", "ThreatLibrary", "InvestigationPage"))
        .body("credits.balance", is(120))
        .body("limitations.assets.limit", is(100)).body("limitations.assets.used", is(40))
        .body("limitations.remediations.limit", is(25)).body("limitations.remediations.used", is(3))
        .body("storedData.region", equalTo("EU"));
    given().auth().oauth2(Tokens.admin("5f1e2d3c4b5a697887766554"))
        .get("/api/v1/subscription/credits/transactions").then()
        .body("items", hasSize(1)).body("items[0].kind", equalTo("GRANT"))
        .body("items[0].amount", is(120));

    given().auth().oauth2(Tokens.admin("6a1e2d3c4b5a697887766001")).get("/api/v1/subscription")
        .then().body("type", equalTo("PLATINUM")).body("modules.findAll { it.included }", hasSize(8))
        .body("credits.balance", is(5000)).body("storedData.region", equalTo("US"));
    given().auth().oauth2(Tokens.admin("6b1e2d3c4b5a697887766002")).get("/api/v1/subscription")
        .then().body("type", equalTo("BRONZE"))
        .body("modules.findAll { it.included }.code", contains("Discovery"))
        .body("credits.balance", is(10)).body("storedData.region", equalTo("AP"));
    given().auth().oauth2(Tokens.admin("6c1e2d3c4b5a697887766003")).get("/api/v1/subscription")
        .then().body("type", equalTo("GOLD")).body("status", equalTo("EXPIRED"))
        .body("expiresOn", equalTo(today.minusDays(30).toString()));
    given().auth().oauth2(Tokens.admin("6d1e2d3c4b5a697887766004")).get("/api/v1/subscription")
        .then().body("type", equalTo("GOLD")).body("credits.balance", is(0))
        .body("limitations.assets.remaining", is(0))
        .body("limitations.remediations.remaining", is(0));

    // They behave as described.
    assertProblem(Api.debit(Tokens.admin("6c1e2d3c4b5a697887766003"), key(),
        "{\"amount\":1,\"purpose\":\"RESEARCH\"}"), 409, "subscription-expired");
    assertProblem(Api.debit(Tokens.admin("6d1e2d3c4b5a697887766004"), key(),
        "{\"amount\":1,\"purpose\":\"RESEARCH\"}"), 409, "insufficient-credits");
    assertProblem(Api.usage("6d1e2d3c4b5a697887766004", "assets", 1), 409, "limit-exceeded");
  }
}
