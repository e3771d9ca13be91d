package com.threatcommand.subscription;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is clean enough for the gateway to merge and a generator to use. */
@QuarkusTest
class OpenApiTest {
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

  @SuppressWarnings("unchecked")
  @Test
  void everyOperationIsDocumentedWithItsErrorsAsProblems() {
    JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    Map<String, Map<String, Object>> paths = doc.getMap("paths");
    for (String expected : List.of(
        "/api/v1/subscription", "/api/v1/subscription/credits/debits",
        "/api/v1/subscription/credits/transactions", "/api/v1/subscription/upgrade-requests",
        "/api/v1/subscription/upgrade-requests/{id}", "/public/v1/account/subscription",
        "/public/v1/account/system-modules", "/public/v1/account/credits/debits",
        "/api/v1/provisioning/accounts/{accountId}/subscription",
        "/api/v1/provisioning/accounts/{accountId}/credits/grants",
        "/api/v1/provisioning/accounts/{accountId}/usage/{counter}")) {
      assertTrue(paths.containsKey(expected), "missing " + expected + " in " + paths.keySet());
    }
    Set<String> operationIds = new HashSet<>();
    int operations = 0;
    for (var path : paths.entrySet()) {
      for (String method : METHODS) {
        Map<String, Object> op = (Map<String, Object>) path.getValue().get(method);
        if (op == null) {
          continue;
        }
        operations++;
        String where = method + " " + path.getKey();
        assertNotNull(op.get("operationId"), where);
        assertTrue(operationIds.add((String) op.get("operationId")), "duplicate id " + where);
        assertNotNull(op.get("summary"), where);
        assertNotNull(op.get("tags"), where);
        assertNotNull(op.get("security"), where);
        Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
        assertTrue(responses.containsKey("401") && responses.containsKey("403"), where);
        assertTrue(responses.keySet().stream().anyMatch(c -> c.startsWith("2")), where);
        for (var response : responses.entrySet()) {
          if (response.getKey().startsWith("2")) {
            continue;
          }
          Map<String, Object> content = (Map<String, Object>) response.getValue().get("content");
          assertNotNull(content, where + " " + response.getKey());
          Map<String, Object> problem = (Map<String, Object>) content.get("application/problem+json");
          assertNotNull(problem, where + " " + response.getKey());
          assertEquals("#/components/schemas/Problem",
              ((Map<String, Object>) problem.get("schema")).get("$ref"), where);
        }
        if ("post".equals(method) || "put".equals(method)) {
          assertNotNull(op.get("requestBody"), where);
          assertTrue(responses.containsKey("400") && responses.containsKey("413")
              && responses.containsKey("415"), where);
        }
      }
    }
    assertEquals(13, operations); // usage is one operation for both counters

    for (String debits : List.of("/api/v1/subscription/credits/debits",
        "/public/v1/account/credits/debits", "/api/v1/provisioning/accounts/{accountId}/credits/grants")) {
      List<Map<String, Object>> params = doc.getList("paths.'" + debits + "'.post.parameters");
      Map<String, Object> key = params.stream().filter(p -> "Idempotency-Key".equals(p.get("name")))
          .findFirst().orElseThrow();
      assertEquals("header", key.get("in"));
      assertEquals(true, key.get("required"), debits);
      assertEquals(255, ((Map<String, Object>) key.get("schema")).get("maxLength"));
      assertTrue(doc.getMap("paths.'" + debits + "'.post.responses.'201'.headers")
          .containsKey("Idempotent-Replayed"), debits);
    }
    // Problem responses carry an example per slug.
    Map<String, Object> conflicts = doc.getMap(
        "paths.'/api/v1/subscription/credits/debits'.post.responses.'409'.content.'application/problem+json'.examples");
    assertTrue(conflicts.keySet().containsAll(
        List.of("insufficient-credits", "subscription-expired", "idempotency-in-progress")), conflicts.toString());
    assertFalse(doc.getMap(
        "paths.'/api/v1/subscription/upgrade-requests'.post.responses.'429'.headers").isEmpty());

    // Request bodies carry their constraints.
    assertEquals(1, doc.getInt("components.schemas.DebitRequest.properties.amount.minimum"));
    assertEquals(1000000, doc.getInt("components.schemas.DebitRequest.properties.amount.maximum"));
    assertEquals(200, doc.getInt("components.schemas.DebitRequest.properties.reference.maxLength"));
    assertTrue(doc.getList("components.schemas.DebitRequest.required").containsAll(List.of("amount", "purpose")));
    assertEquals(2000, doc.getInt("components.schemas.UpgradeRequestBody.properties.message.maxLength"));
    assertEquals(1000000, doc.getInt("components.schemas.UpgradeRequestBody.properties.quantity.maximum"));
    assertEquals(1000000, doc.getInt("components.schemas.GrantRequest.properties.amount.maximum"));
    assertNotNull(doc.get("components.securitySchemes.internalToken"));
  }
}
