package com.threatcommand.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's story, end to end through the gateway against the real services, one real
 * PostgreSQL and real SMTP: an admin opens the page, asks Sales for more credits (Sales gets the
 * mail), generates an API key; an integrator uses it; the admin revokes it and the integrator is
 * refused within a second; then the same for the appliance key.
 */
class SeedStoryIT {
  static Stack stack;
  String account;

  @BeforeAll
  static void startStack() {
    stack = Stack.get();
    RestAssured.baseURI = stack.gateway();
    RestAssured.port = stack.gatewayPort;
  }

  @BeforeEach
  void freshTenant() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    account = Tenants.newAccount();
    provision(account);
  }

  String token(String subject, String group, String accountId) {
    return Tenants.token(stack, subject, group, accountId);
  }

  String admin() {
    return Tenants.admin(stack, account);
  }

  static String basic(String accountId, String key) {
    return Tenants.basic(accountId, key);
  }

  void provision(String accountId) {
    Tenants.provision(stack, accountId);
  }

  // --- the story ------------------------------------------------------------------------------------

  @Test
  void adminIntegratorAndRevocationWithAnApiKey() throws Exception {
    // the admin opens the page
    given().auth().oauth2(admin()).get("/api/v1/subscription").then()
        .statusCode(200)
        .body("accountId", equalTo(account))
        .body("type", equalTo("GOLD"))
        .body("credits.balance", equalTo(120));
    given().auth().oauth2(admin()).get("/api/v1/credentials").then()
        .statusCode(200)
        .body("apiKey.status", equalTo("NONE"));

    // asks Sales for more credits, and Sales receives the email
    int mailsBefore = stack.mail.getReceivedMessages().length;
    given().auth().oauth2(admin())
        .contentType("application/json")
        .body(Map.of("category", "CREDITS", "quantity", 500, "message", "Research season"))
        .post("/api/v1/subscription/upgrade-requests")
        .then()
        .statusCode(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> stack.mail.getReceivedMessages().length > mailsBefore);
    MimeMessage mail = stack.mail.getReceivedMessages()[stack.mail.getReceivedMessages().length - 1];
    assertEquals(Stack.SALES_EMAIL, mail.getAllRecipients()[0].toString());
    assertTrue(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail).contains(account), "the mail names the account");

    // generates an API key (shown once, never cached)
    Response created = given().auth().oauth2(admin()).post("/api/v1/credentials/api-key");
    created.then().statusCode(201).header("Cache-Control", "no-store").body("key", startsWith("tcak_"));
    String apiKey = created.jsonPath().getString("key");

    // an integrator uses it
    given().header("Authorization", basic(account, apiKey)).head("/public/v1/test-credentials").then().statusCode(200);
    given().header("Authorization", basic(account, apiKey)).get("/public/v1/account/system-modules").then()
        .statusCode(200)
        .body("Discovery", equalTo(true))
        .body("Remediation", equalTo(false));
    String idempotencyKey = UUID.randomUUID().toString();
    Response debit =
        given().header("Authorization", basic(account, apiKey))
            .header("Idempotency-Key", idempotencyKey)
            .contentType("application/json")
            .body(Map.of("amount", 20, "purpose", "RESEARCH", "reference", "case-42"))
            .post("/public/v1/account/credits/debits");
    debit.then().statusCode(201).body("balance", equalTo(100));
    given().header("Authorization", basic(account, apiKey))
        .header("Idempotency-Key", idempotencyKey)
        .contentType("application/json")
        .body(Map.of("amount", 20, "purpose", "RESEARCH", "reference", "case-42"))
        .post("/public/v1/account/credits/debits")
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true")
        .body(equalTo(debit.asString()));
    // the key opens neither the appliance API nor the admin API
    given().header("Authorization", basic(account, apiKey)).get("/appliance/v1/identity").then().statusCode(401);
    given().header("Authorization", basic(account, apiKey)).get("/api/v1/subscription").then().statusCode(401);

    // the admin revokes it; the integrator's next call is refused within a second
    given().header("Authorization", basic(account, apiKey)).head("/public/v1/test-credentials").then().statusCode(200);
    given().auth().oauth2(admin()).delete("/api/v1/credentials/api-key").then().statusCode(204);
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> given().header("Authorization", basic(account, apiKey)).head("/public/v1/test-credentials").statusCode() == 401);
    given().header("Authorization", basic(account, apiKey)).get("/public/v1/account/subscription").then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic"));
  }

  @Test
  void theSameStoryWithTheApplianceKey() {
    Response created = given().auth().oauth2(admin()).post("/api/v1/credentials/appliance-key");
    created.then().statusCode(201).header("Cache-Control", "no-store").body("key", startsWith("tcap_"));
    String applianceKey = created.jsonPath().getString("key");
    String keyId = created.jsonPath().getString("id");

    given().header("Authorization", basic(account, applianceKey)).head("/appliance/v1/test-credentials").then().statusCode(200);
    given().header("Authorization", basic(account, applianceKey)).get("/appliance/v1/identity").then()
        .statusCode(200)
        .body("accountId", equalTo(account))
        .body("keyId", equalTo(keyId));
    given().header("Authorization", basic(account, applianceKey)).head("/public/v1/test-credentials").then().statusCode(401);

    given().auth().oauth2(admin()).get("/api/v1/credentials").then()
        .statusCode(200)
        .body("applianceKey.status", equalTo("ACTIVE"))
        .body("applianceKey.id", equalTo(keyId));
    given().auth().oauth2(admin()).delete("/api/v1/credentials/appliance-key").then().statusCode(204);
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> given().header("Authorization", basic(account, applianceKey)).get("/appliance/v1/identity").statusCode() == 401);
  }

  @Test
  void aRotatedOutKeyStopsAtOnceWithoutGrace() {
    String first = given().auth().oauth2(admin()).post("/api/v1/credentials/api-key").then().statusCode(201).extract().path("key");
    given().header("Authorization", basic(account, first)).head("/public/v1/test-credentials").then().statusCode(200);
    String second =
        given().auth().oauth2(admin()).contentType("application/json").body(Map.of("graceSeconds", 0))
            .post("/api/v1/credentials/api-key/rotation")
            .then().statusCode(201).header("Cache-Control", "no-store").extract().path("key");
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> given().header("Authorization", basic(account, first)).head("/public/v1/test-credentials").statusCode() == 401);
    given().header("Authorization", basic(account, second)).head("/public/v1/test-credentials").then().statusCode(200);
  }

  @Test
  void anotherTenantsAdminSeesOnlyTheirOwnAccount() {
    String other = Tenants.newAccount();
    provision(other);
    given().auth().oauth2(token("bob", "admin", other)).get("/api/v1/subscription").then()
        .statusCode(200)
        .body("accountId", equalTo(other));
    given().auth().oauth2(token("bob", "admin", other)).get("/api/v1/credentials/account-id").then()
        .statusCode(200)
        .body("accountId", equalTo(other));
  }

  @Test
  void theServicesRefuseAnyoneButTheGateway() {
    // reached directly, with the identity provider's own token, a service answers 401
    given().baseUri("http://localhost").port(stack.subscriptionPort)
        .auth().oauth2(admin()).get("/api/v1/subscription").then().statusCode(401);
    given().baseUri("http://localhost").port(stack.credentialsPort)
        .auth().oauth2(admin()).get("/api/v1/credentials").then().statusCode(401);
  }

  @Test
  void theMergedOpenApiDocumentDescribesTheRealServicesAndIsValid() {
    await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/openapi").statusCode() == 200);
    String json = given().get("/openapi").then().statusCode(200).extract().asString();
    Map<String, Object> paths = given().get("/openapi").jsonPath().getMap("paths");
    assertTrue(paths.keySet().stream().noneMatch(p -> p.startsWith("/internal")), paths.keySet().toString());
    for (String path :
        List.of(
            "/api/v1/subscription", "/api/v1/subscription/credits/debits", "/api/v1/subscription/upgrade-requests",
            "/api/v1/credentials", "/api/v1/credentials/{kind}", "/api/v1/credentials/{kind}/rotation",
            "/api/v1/provisioning/accounts/{accountId}/subscription", "/public/v1/account/system-modules",
            "/public/v1/account/credits/debits", "/public/v1/test-credentials", "/appliance/v1/identity")) {
      assertTrue(paths.containsKey(path), path + " missing from " + paths.keySet());
    }
    // credentials-service describes its /internal endpoints too; none of their schemas leak out.
    Map<String, Object> schemas = given().get("/openapi").jsonPath().getMap("components.schemas");
    for (String internal : List.of("VerifyRequest", "Verification", "ValidKey", "InvalidKey", "RevocationEvent")) {
      assertFalse(schemas.containsKey(internal), internal + " is internal but in " + schemas.keySet());
    }
    for (String name : schemas.keySet()) {
      assertTrue(json.contains("\"#/components/schemas/" + name + "\""), name + " is never referenced");
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
    assertEquals(List.of(), result.getMessages());
    given().get("/openapi?format=yaml").then().statusCode(200).contentType("application/yaml");
  }

  @Test
  void theGatewayIsReadyAndCountsWhatItServed() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().auth().oauth2(admin()).get("/api/v1/subscription").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("gateway_requests_seconds_count{caller=\"admin\""), "per-caller metrics");
    given().get("/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"));
  }
}
