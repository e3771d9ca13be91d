package com.threatcommand.credentials.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad inputs and wrong callers on every endpoint of the admin API. */
@QuarkusTest
class CredentialsApiInputTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  /** One call per admin endpoint, with the request built by the caller (token etc.). */
  private static List<Function<RequestSpecification, io.restassured.response.Response>> everyEndpoint() {
    return List.of(
        r -> r.get("/api/v1/credentials"),
        r -> r.post("/api/v1/credentials/api-key"),
        r -> r.post("/api/v1/credentials/appliance-key"),
        r -> r.delete("/api/v1/credentials/api-key"),
        r -> r.contentType("application/json").body("{\"graceSeconds\":0}")
            .post("/api/v1/credentials/api-key/rotation"),
        r -> r.get("/api/v1/credentials/account-id"),
        r -> r.get("/api/v1/credentials/audit-events"));
  }

  @Test
  void wrongCallersAreRefusedOnEveryEndpointAndChangeNothing() {
    String accountId = Accounts.newId();
    String key = Keys.generate(accountId, "appliance-key").getString("key");
    for (var call : everyEndpoint()) {
      call.apply(given()).then().statusCode(401)
          .header("WWW-Authenticate", notNullValue())
          .contentType("application/problem+json").body("type", endsWith("/unauthenticated"))
          .body("requestId", notNullValue());
      call.apply(given().auth().oauth2(Tokens.expiredAdmin(accountId))).then().statusCode(401);
      call.apply(given().auth().oauth2(Tokens.adminForOtherService(accountId))).then().statusCode(401);
      call.apply(given().auth().oauth2(Tokens.adminFromOtherIssuer(accountId))).then().statusCode(401);
      call.apply(given().auth().oauth2(Tokens.adminSignedByAttacker(accountId))).then().statusCode(401);
      call.apply(given().auth().oauth2(Tokens.adminWithoutAccount())).then().statusCode(401);
      call.apply(given().auth().oauth2("not-a-jwt")).then().statusCode(401);
      call.apply(given().auth().basic(accountId, key)).then().statusCode(401);
      for (String token :
          List.of(Tokens.apiKey(accountId), Tokens.applianceKey(accountId), Tokens.provisioner(), Tokens.gateway())) {
        call.apply(given().auth().oauth2(token)).then().statusCode(403)
            .contentType("application/problem+json").body("type", endsWith("/forbidden"));
      }
    }
    // the appliance key survived every refused DELETE and rotation
    org.junit.jupiter.api.Assertions.assertTrue(Keys.valid(accountId, key));
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/credentials").then()
        .body("apiKey.status", equalTo("NONE"));
  }

  @Test
  void unknownKindsAreNotFound() {
    String admin = Tokens.admin(Accounts.newId());
    for (String kind : List.of("api_key", "API-KEY", "ssh-key", "apikey", "tcak_")) {
      given().auth().oauth2(admin).post("/api/v1/credentials/{kind}", kind).then().statusCode(404)
          .contentType("application/problem+json").body("type", endsWith("/not-found"));
      given().auth().oauth2(admin).delete("/api/v1/credentials/{kind}", kind).then().statusCode(404)
          .body("type", endsWith("/not-found"));
      given().auth().oauth2(admin).contentType("application/json").body("{\"graceSeconds\":0}")
          .post("/api/v1/credentials/{kind}/rotation", kind).then().statusCode(404)
          .body("type", endsWith("/not-found"));
    }
  }

  @Test
  void rotationBodiesAreValidated() {
    String accountId = Accounts.newId();
    String key = Keys.generate(accountId, "api-key").getString("key");
    badRotation(accountId, "{\"graceSeconds\":-1}", "validation-failed", "graceSeconds");
    badRotation(accountId, "{\"graceSeconds\":604801}", "validation-failed", "graceSeconds");
    badRotation(accountId, "{\"graceSeconds\":\"60\"}", "validation-failed", "graceSeconds");
    badRotation(accountId, "{\"graceSeconds\":1.5}", "validation-failed", "graceSeconds");
    badRotation(accountId, "{\"graceSeconds\":true}", "validation-failed", "graceSeconds");
    badRotation(accountId, "{\"graceSeconds\":null}", "validation-failed", "graceSeconds");
    badRotation(accountId, "{\"graceSeconds\":99999999999999999999999}", "validation-failed", null);
    badRotation(accountId, "{}", "validation-failed", "graceSeconds");
    badRotation(accountId, "{\"graceSeconds\":60,\"colour\":\"red\"}", "validation-failed", "colour");
    badRotation(accountId, "[60]", "validation-failed", null);
    badRotation(accountId, "", "validation-failed", null);
    badRotation(accountId, "{\"graceSeconds\": 60", "malformed-json", null);
    badRotation(accountId, "{\"graceSeconds\":60} trailing", "malformed-json", null);
    given().auth().oauth2(Tokens.admin(accountId)).contentType("text/plain").body("{\"graceSeconds\":60}")
        .post("/api/v1/credentials/api-key/rotation").then().statusCode(415)
        .contentType("application/problem+json").body("type", endsWith("/unsupported-media-type"));
    String big = "{\"graceSeconds\":60,\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    given().auth().oauth2(Tokens.admin(accountId)).contentType("application/json").body(big)
        .post("/api/v1/credentials/api-key/rotation").then().statusCode(413)
        .contentType("application/problem+json").body("type", endsWith("/payload-too-large"));
    // boundaries are accepted
    Keys.rotate(accountId, "api-key", 604_800);
    Keys.rotate(accountId, "api-key", 0);
    // the original key was replaced only by the two valid rotations
    org.junit.jupiter.api.Assertions.assertFalse(Keys.valid(accountId, key));
  }

  private static void badRotation(String accountId, String body, String slug, String field) {
    var response =
        given().auth().oauth2(Tokens.admin(accountId)).contentType("application/json").body(body)
            .post("/api/v1/credentials/api-key/rotation").then().statusCode(400)
            .contentType("application/problem+json")
            .body("type", endsWith("/" + slug))
            .body("status", is(400))
            .body("instance", equalTo("/api/v1/credentials/api-key/rotation"))
            .body("requestId", notNullValue());
    if (field != null) {
      response.body("errors.field", hasItem(field));
    }
  }

  @Test
  void auditListParametersAreValidated() {
    String admin = Tokens.admin(Accounts.newId());
    for (String limit : List.of("0", "201", "-1", "abc", "1.5", "99999999999")) {
      given().auth().oauth2(admin).queryParam("limit", limit).get("/api/v1/credentials/audit-events")
          .then().statusCode(400).contentType("application/problem+json")
          .body("type", endsWith("/validation-failed")).body("errors.field", hasItem("limit"));
    }
    for (String cursor : List.of("garbage", "YTotMQ", "YTphYmM", "!!!", "x".repeat(500))) {
      given().auth().oauth2(admin).queryParam("cursor", cursor).get("/api/v1/credentials/audit-events")
          .then().statusCode(400).body("type", endsWith("/validation-failed"))
          .body("errors.field", hasItem("cursor"));
    }
    given().auth().oauth2(admin).queryParam("limit", 200).get("/api/v1/credentials/audit-events")
        .then().statusCode(200);
    given().auth().oauth2(admin).queryParam("limit", 1).get("/api/v1/credentials/audit-events")
        .then().statusCode(200);
  }

  @Test
  void unknownPathsAndMethodsAreProblems() {
    String admin = Tokens.admin(Accounts.newId());
    given().auth().oauth2(admin).get("/api/v1/credentials/nothing/here").then().statusCode(404)
        .contentType("application/problem+json").body("type", endsWith("/not-found"));
    given().auth().oauth2(admin).get("/api/v1/credentials/api-key").then().statusCode(405)
        .contentType("application/problem+json");
    given().auth().oauth2(admin).put("/api/v1/credentials").then().statusCode(405)
        .contentType("application/problem+json");
    given().auth().oauth2(admin).delete("/api/v1/credentials/account-id").then()
        .statusCode(org.hamcrest.Matchers.anyOf(is(404), is(405)))
        .contentType("application/problem+json");
  }

  @Test
  void requestIdIsEchoedOrCreated() {
    given().header("X-Request-Id", "abc-123").get("/api/v1/credentials")
        .then().header("X-Request-Id", equalTo("abc-123")).body("requestId", equalTo("abc-123"));
    given().header("X-Request-Id", "bad id with spaces").get("/api/v1/credentials")
        .then().header("X-Request-Id", not(equalTo("bad id with spaces")))
        .header("X-Request-Id", notNullValue());
  }

  @Test
  void everyCredentialsResponseIsNeverCached() {
    String admin = Tokens.admin(Accounts.newId());
    given().auth().oauth2(admin).get("/api/v1/credentials").then().statusCode(200)
        .header("Cache-Control", "no-store");
    given().auth().oauth2(admin).get("/api/v1/credentials/audit-events").then().statusCode(200)
        .header("Cache-Control", "no-store");
    given().auth().oauth2(admin).delete("/api/v1/credentials/api-key").then().statusCode(404)
        .header("Cache-Control", "no-store");
  }
}
