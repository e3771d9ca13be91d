package com.threatcommand.subscription.security;

import static com.threatcommand.subscription.support.Api.key;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Api;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint against every wrong caller, and tenant isolation on every endpoint an account's
 * own caller uses. Nothing a refused call sends may change anything.
 */
@QuarkusTest
class EndpointSecurityTest {
  private static final List<String> GROUPS =
      List.of("admin", "api-key", "appliance-key", "provisioner", "gateway");

  private record Endpoint(String method, String path, String group, String body) {
    Response call(String token) {
      RequestSpecification spec = given().header("Idempotency-Key", key());
      if (token != null) {
        spec.auth().oauth2(token);
      }
      if (body != null) {
        spec.contentType("application/json").body(body);
      }
      return spec.request(method, path);
    }
  }

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  private static List<Endpoint> endpoints(String account, String upgradeId) {
    String debit = "{\"amount\":1,\"purpose\":\"RESEARCH\"}";
    String provisioning = "/api/v1/provisioning/accounts/" + account;
    return List.of(
        new Endpoint("GET", "/api/v1/subscription", "admin", null),
        new Endpoint("GET", "/api/v1/subscription/credits/transactions", "admin", null),
        new Endpoint("POST", "/api/v1/subscription/credits/debits", "admin", debit),
        new Endpoint("GET", "/api/v1/subscription/upgrade-requests", "admin", null),
        new Endpoint("GET", "/api/v1/subscription/upgrade-requests/" + upgradeId, "admin", null),
        new Endpoint("POST", "/api/v1/subscription/upgrade-requests", "admin",
            "{\"category\":\"CREDITS\",\"quantity\":1}"),
        new Endpoint("GET", "/api/v1/subscription/documents/user-guide", "admin", null),
        new Endpoint("GET", "/public/v1/account/subscription", "api-key", null),
        new Endpoint("GET", "/public/v1/account/system-modules", "api-key", null),
        new Endpoint("POST", "/public/v1/account/credits/debits", "api-key", debit),
        new Endpoint("GET", provisioning + "/subscription", "provisioner", null),
        new Endpoint("PUT", provisioning + "/subscription", "provisioner",
            "{\"type\":\"BRONZE\",\"expiresOn\":\"2031-01-01\",\"modules\":[],"
                + "\"limits\":{\"assets\":1,\"remediations\":1},\"storedDataRegion\":\"US\"}"),
        new Endpoint("POST", provisioning + "/credits/grants", "provisioner", "{\"amount\":1000}"),
        new Endpoint("POST", provisioning + "/usage/assets", "provisioner", "{\"delta\":1}"),
        new Endpoint("POST", provisioning + "/usage/remediations", "provisioner", "{\"delta\":1}"));
  }

  @Test
  void everyEndpointRefusesEveryWrongCallerAndChangesNothing() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 100, 25, "Discovery");
    Api.grant(account, 50);
    String upgradeId = given().auth().oauth2(Tokens.admin(account)).contentType("application/json")
        .body("{\"category\":\"ASSETS\",\"quantity\":5}").post("/api/v1/subscription/upgrade-requests")
        .then().statusCode(202).extract().path("id");

    for (Endpoint e : endpoints(account, upgradeId)) {
      String where = e.method() + " " + e.path();
      List<String> badTokens = List.of(
          Tokens.expired(e.group(), account),
          Tokens.forOtherService(e.group(), account),
          Tokens.fromOtherIssuer(e.group(), account),
          Tokens.signedByAttacker(e.group(), account),
          "not-a-jwt");
      unauthenticated(e.call(null), where);
      for (String token : badTokens) {
        unauthenticated(e.call(token), where);
      }
      for (String group : GROUPS) {
        if (!group.equals(e.group())) {
          e.call(Tokens.forGroup(group, account)).then()
              .statusCode(403)
              .contentType("application/problem+json")
              .body("type", endsWith("/forbidden"))
              .body("instance", equalTo(e.path()));
        }
      }
    }

    // Nothing changed: the plan, the balance, the ledger, the usage, the requests.
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription").then().statusCode(200)
        .body("type", equalTo("GOLD"))
        .body("credits.balance", is(50))
        .body("limitations.assets.used", is(0))
        .body("limitations.remediations.used", is(0));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/credits/transactions")
        .then().body("items", hasSize(1));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/upgrade-requests")
        .then().body("items", hasSize(1));
  }

  private static void unauthenticated(Response response, String where) {
    response.then()
        .statusCode(401)
        .header("WWW-Authenticate", notNullValue())
        .contentType("application/problem+json")
        .body("type", endsWith("/unauthenticated"))
        .body("requestId", notNullValue());
  }

  @Test
  void anAccountsCallersNeverReadOrChangeAnotherAccount() {
    String a = Accounts.provisioned("GOLD", "2030-01-01", 100, 25, "Discovery");
    String b = Accounts.provisioned("BRONZE", "2030-01-01", 10, 5, "Cve");
    Api.grant(a, 100);
    Api.grant(b, 10);
    String upgradeA = given().auth().oauth2(Tokens.admin(a)).contentType("application/json")
        .body("{\"category\":\"CREDITS\",\"quantity\":5}").post("/api/v1/subscription/upgrade-requests")
        .then().statusCode(202).extract().path("id");

    // B's callers, even when they name A wherever a caller could.
    String adminB = Tokens.admin(b);
    String keyB = Tokens.apiKey(b);
    given().auth().oauth2(adminB).queryParam("accountId", a).header("X-Account-Id", a)
        .get("/api/v1/subscription").then().body("accountId", equalTo(b));
    given().auth().oauth2(keyB).queryParam("accountId", a).get("/public/v1/account/subscription")
        .then().body("accountId", equalTo(b));
    given().auth().oauth2(keyB).get("/public/v1/account/system-modules")
        .then().body("Cve", is(true)).body("Discovery", is(false));
    given().auth().oauth2(adminB).contentType("application/json").header("Idempotency-Key", key())
        .queryParam("accountId", a).body("{\"amount\":3,\"purpose\":\"RESEARCH\"}")
        .post("/api/v1/subscription/credits/debits").then().statusCode(201).body("balance", is(7));
    given().auth().oauth2(keyB).contentType("application/json").header("Idempotency-Key", key())
        .body("{\"amount\":2,\"purpose\":\"RESEARCH\"}")
        .post("/public/v1/account/credits/debits").then().statusCode(201).body("balance", is(5));
    given().auth().oauth2(adminB).get("/api/v1/subscription/credits/transactions")
        .then().body("items.kind", contains("DEBIT", "DEBIT", "GRANT"))
        .body("items.amount", contains(2, 3, 10));
    given().auth().oauth2(adminB).get("/api/v1/subscription/upgrade-requests")
        .then().body("items", empty());
    given().auth().oauth2(adminB).get("/api/v1/subscription/upgrade-requests/{id}", upgradeA)
        .then().statusCode(404).body("type", endsWith("/not-found"));
    given().auth().oauth2(adminB).contentType("application/json")
        .body("{\"category\":\"MODULES\",\"modules\":[\"Remediation\"]}")
        .post("/api/v1/subscription/upgrade-requests").then().statusCode(202);
    // A's cursor is of no use to B: it only ever pages through B's own rows.
    String cursorA = given().auth().oauth2(Tokens.admin(a)).queryParam("limit", 1)
        .get("/api/v1/subscription/credits/transactions").then().extract().path("nextCursor");
    given().auth().oauth2(adminB).queryParam("cursor", cursorA)
        .get("/api/v1/subscription/credits/transactions").then().statusCode(200);

    // A is exactly as it was.
    assertEquals(100, Api.balance(a));
    given().auth().oauth2(Tokens.admin(a)).get("/api/v1/subscription/credits/transactions")
        .then().body("items", hasSize(1));
    given().auth().oauth2(Tokens.admin(a)).get("/api/v1/subscription/upgrade-requests")
        .then().body("items.id", contains(upgradeA));
    given().auth().oauth2(Tokens.admin(a)).get("/api/v1/subscription").then()
        .body("type", equalTo("GOLD")).body("modules.find { it.code == 'Discovery' }.included", is(true));
    // Provisioning acts on the account of the path, and only that one.
    Api.usage(b, "assets", 2).then().statusCode(200);
    given().auth().oauth2(Tokens.admin(a)).get("/api/v1/subscription").then()
        .body("limitations.assets.used", is(0));
    UUID.fromString(upgradeA);
  }
}
