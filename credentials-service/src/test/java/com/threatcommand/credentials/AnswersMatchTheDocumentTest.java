package com.threatcommand.credentials;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real answers, checked against the service's own OpenAPI document by Atlassian's validator
 * (status, headers, content type, body schema): what a generated client would choke on. The fault
 * harness's fuzzer found an audit event whose {@code keyKind} was null where the document allowed
 * only the enum's values.
 */
@QuarkusTest
class AnswersMatchTheDocumentTest {
  static OpenApiInteractionValidator validator;

  @BeforeEach
  void readTheDocument() {
    if (validator != null) {
      return;
    }
    String document = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
  }

  @Test
  void theAuditTrailWithAnAccountIdDisclosureMatchesTheDocument() {
    String accountId = Accounts.newId();
    String admin = Tokens.admin(accountId);
    check(200, "GET", "/api/v1/credentials/account-id", given().auth().oauth2(admin).get("/api/v1/credentials/account-id"));
    Keys.generate(accountId, "api-key");
    Keys.rotate(accountId, "api-key", 60);
    Keys.revoke(accountId, "api-key");
    Response audit = given().auth().oauth2(admin).get("/api/v1/credentials/audit-events");
    // the trail holds an ACCOUNT_ID_DISCLOSED event without a key (keyKind, keyId, keyHint null)
    List<String> types = audit.jsonPath().getList("items.type");
    assertEquals("KEY_REVOKED", types.get(0));
    assertEquals("ACCOUNT_ID_DISCLOSED", types.get(types.size() - 1));
    assertNull(audit.jsonPath().get("items[-1].keyKind"));
    assertNull(audit.jsonPath().get("items[-1].keyId"));
    check(200, "GET", "/api/v1/credentials/audit-events", audit);
  }

  @Test
  void theKeysOverviewAndTheRefusalsMatchTheDocument() {
    String accountId = Accounts.newId();
    String admin = Tokens.admin(accountId);
    check(200, "GET", "/api/v1/credentials", given().auth().oauth2(admin).get("/api/v1/credentials"));
    check(201, "POST", "/api/v1/credentials/appliance-key", given().auth().oauth2(admin).post("/api/v1/credentials/appliance-key"));
    check(200, "GET", "/api/v1/credentials", given().auth().oauth2(admin).get("/api/v1/credentials"));
    // refused: a second active key, no key to revoke, no token, a limit out of range
    check(409, "POST", "/api/v1/credentials/appliance-key", given().auth().oauth2(admin).post("/api/v1/credentials/appliance-key"));
    check(404, "DELETE", "/api/v1/credentials/api-key", given().auth().oauth2(admin).delete("/api/v1/credentials/api-key"));
    check(401, "GET", "/api/v1/credentials", given().get("/api/v1/credentials"));
    check(400, "GET", "/api/v1/credentials/audit-events",
        given().auth().oauth2(admin).queryParam("limit", 0).get("/api/v1/credentials/audit-events"));
  }

  /** The answer has the status expected, and the document says so of it (status, headers, body). */
  private static void check(int expected, String method, String path, Response answer) {
    assertEquals(expected, answer.statusCode(), method + " " + path + ": " + answer.asString());
    SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.statusCode());
    answer.headers().forEach(h -> response.withHeader(h.getName(), h.getValue()));
    byte[] body = answer.asByteArray();
    if (body.length > 0) {
      response.withBody(body);
    }
    ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), response.build());
    List<String> errors =
        report.getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .map(m -> m.getKey() + ": " + m.getMessage())
            .toList();
    assertEquals(List.of(), errors, method + " " + path + " " + answer.statusCode() + " " + answer.asString());
  }
}
