package com.threatcommand.credentials;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {
  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void healthChecksTheDatabaseAndTheRevocationListener() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
        .body("checks.name", hasItem("revocation-listener"))
        .body("checks.name", hasItem(containsString("Database connections health check")));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void metricsArePublished() {
    // The verification counters exist once the verifier does: one (refused) verification.
    assertFalse(Keys.valid(Accounts.newId(), "tcak_not-a-key"));
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("credentials_verifications_total"))
        .body(containsString("credentials_last_used_writes_total"))
        .body(containsString("credentials_revocation_subscribers"))
        .body(containsString("agroal_"))
        .body(containsString("http_server_requests"));
  }

  @Test
  void openApiDocumentsEveryOperationItsErrorsAndMarksInternalPaths() {
    var doc = given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths", hasKey("/api/v1/credentials"))
        .body("paths", hasKey("/api/v1/credentials/{kind}"))
        .body("paths", hasKey("/api/v1/credentials/{kind}/rotation"))
        .body("paths", hasKey("/api/v1/credentials/account-id"))
        .body("paths", hasKey("/api/v1/credentials/audit-events"))
        .body("components.schemas", hasKey("Problem"))
        .body("components.securitySchemes", hasKey("internalToken"))
        .body("paths.'/api/v1/credentials/{kind}'.post.responses", hasKey("201"))
        .body("paths.'/api/v1/credentials/{kind}'.post.responses", hasKey("409"))
        .body("paths.'/api/v1/credentials/{kind}'.post.responses", hasKey("401"))
        .body("paths.'/api/v1/credentials/{kind}'.post.responses", hasKey("403"))
        .body("paths.'/api/v1/credentials/{kind}'.post.responses", hasKey("404"))
        .body("paths.'/api/v1/credentials/{kind}'.delete.responses", hasKey("204"))
        .body("paths.'/api/v1/credentials/{kind}/rotation'.post.responses", hasKey("400"))
        .body("paths.'/api/v1/credentials/{kind}/rotation'.post.responses", hasKey("413"))
        .body("paths.'/api/v1/credentials/{kind}/rotation'.post.responses", hasKey("415"))
        .body("paths.'/api/v1/credentials/audit-events'.get.responses", hasKey("400"))
        .body("paths.'/internal/v1/keys/verify'.post.x-internal", is(true))
        .body("paths.'/internal/v1/keys/revocations'.get.x-internal", is(true))
        .body("paths.'/api/v1/credentials'.get", not(hasKey("x-internal")))
        .body("components.schemas.CreatedKey.properties.key.examples", notNullValue())
        .extract().asString();
    assertFalse(doc.contains("com.threatcommand"));
  }
}
