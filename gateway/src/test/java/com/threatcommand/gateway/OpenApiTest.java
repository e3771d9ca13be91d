package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.gateway.support.FakeUpstreams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The merged document: the public surface only, secured per route, valid for generators. */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class OpenApiTest {
  @TestHTTPResource("/")
  URL gateway;

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
  }

  JsonPath document() {
    return given().get("/openapi").then().statusCode(200).contentType("application/json").extract().jsonPath();
  }

  @Test
  void theDocumentHoldsThePublicPathsOfBothServicesAndNothingInternal() {
    JsonPath doc = document();
    Map<String, Object> paths = doc.getMap("paths");
    assertTrue(paths.containsKey("/api/v1/subscription"));
    assertTrue(paths.containsKey("/api/v1/credentials/{kind}"));
    assertTrue(paths.containsKey("/api/v1/provisioning/accounts/{accountId}/subscription"));
    assertTrue(paths.containsKey("/public/v1/account/system-modules"));
    assertTrue(paths.containsKey("/public/v1/test-credentials"));
    assertTrue(paths.containsKey("/appliance/v1/test-credentials"));
    assertTrue(paths.containsKey("/appliance/v1/identity"));
    assertTrue(paths.keySet().stream().noneMatch(p -> p.startsWith("/internal")), paths.keySet().toString());
    assertFalse(given().get("/openapi").asString().contains("internalToken"));
  }

  @Test
  void securityFollowsTheRouteTable() {
    JsonPath doc = document();
    assertEquals(
        Map.of("bearerAuth", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT")),
        Map.of("bearerAuth", withoutDescription(doc.getMap("components.securitySchemes.bearerAuth"))));
    assertEquals("basic", doc.getString("components.securitySchemes.basicAuth.scheme"));
    assertEquals(2, doc.getMap("components.securitySchemes").size());
    assertEquals(List.of(Map.of("bearerAuth", List.of())), doc.getList("paths.'/api/v1/subscription'.get.security"));
    assertEquals(
        List.of(Map.of("bearerAuth", List.of())),
        doc.getList("paths.'/api/v1/provisioning/accounts/{accountId}/subscription'.put.security"));
    assertEquals(
        List.of(Map.of("basicAuth", List.of())),
        doc.getList("paths.'/public/v1/account/subscription'.get.security"));
    assertEquals(
        List.of(Map.of("basicAuth", List.of())), doc.getList("paths.'/appliance/v1/identity'.get.security"));
    // the gateway's own errors are documented as problems
    assertEquals(
        "#/components/schemas/Problem",
        doc.getString("paths.'/public/v1/test-credentials'.get.responses.'429'.content.'application/problem+json'.schema.'$ref'"));
    assertNotNull(doc.get("paths.'/api/v1/subscription'.get.responses.'503'"));
    assertNotNull(doc.get("paths.'/api/v1/subscription'.get.responses.'504'"));
    assertNotNull(doc.get("components.schemas.Problem"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyRefusalTheGatewayCanAnswerIsDocumentedAsItIsAnswered() {
    JsonPath doc = document();
    Map<String, Map<String, Object>> paths = doc.getMap("paths");
    List<String> methods = List.of("get", "head", "post", "put", "patch", "delete");
    paths.forEach(
        (path, item) ->
            item.forEach(
                (method, operation) -> {
                  if (!methods.contains(method)) {
                    return; // the path's parameters
                  }
                  Map<String, Map<String, Object>> responses =
                      (Map<String, Map<String, Object>>) ((Map<String, Object>) operation).get("responses");
                  String where = method + " " + path;
                  // refused by the HTTP layer before routing: the status alone, no body
                  assertNotNull(responses.get("414"), where);
                  assertFalse(responses.get("414").containsKey("content"), where);
                  assertNotNull(responses.get("431"), where);
                  assertFalse(responses.get("431").containsKey("content"), where);
                  if (method.equals("head")) {
                    responses.forEach((code, response) -> assertFalse(response.containsKey("content"), where + " " + code));
                  }
                }));
    assertNotNull(doc.get("paths.'/public/v1/test-credentials'.head.responses.'401'"));
    assertNotNull(doc.get("paths.'/public/v1/test-credentials'.head.responses.'429'"));
    // a body that does not arrive in time: a problem of the caller's, 408
    assertEquals(
        "#/components/schemas/Problem",
        doc.getString("paths.'/api/v1/provisioning/accounts/{accountId}/subscription'.put.responses.'408'.content.'application/problem+json'.schema.'$ref'"));
    assertNotNull(doc.get("paths.'/api/v1/provisioning/accounts/{accountId}/subscription'.put.responses.'413'"));
    assertNull(doc.get("paths.'/api/v1/subscription'.get.responses.'408'"));
    // and the gateway does answer them so
    given().get("/api/v1/subscription?q=" + "a".repeat(5_000)).then().statusCode(414);
    given().header("X-Large", "a".repeat(25_000)).get("/api/v1/subscription").then().statusCode(431);
  }

  private static Map<String, Object> withoutDescription(Map<String, Object> scheme) {
    Map<String, Object> copy = new java.util.HashMap<>(scheme);
    copy.remove("description");
    return copy;
  }

  @Test
  void theServerIsTheGateway() {
    String base = "http://" + gateway.getHost() + ":" + gateway.getPort();
    assertEquals(base, document().getString("servers[0].url"));
  }

  @Test
  void yamlOnRequestAndTheSameDocumentAtQOpenapi() {
    given()
        .get("/openapi?format=yaml")
        .then()
        .statusCode(200)
        .contentType("application/yaml")
        .body(containsString("bearerAuth:"))
        .body(containsString("/appliance/v1/identity:"));
    assertEquals(document().getMap("paths").keySet(), given().get("/q/openapi").jsonPath().getMap("paths").keySet());
  }

  @Test
  void theDocumentIsValidOpenApiWithoutASingleMessage() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readContents(given().get("/openapi").asString(), null, options);
    assertNotNull(result.getOpenAPI());
    assertEquals(List.of(), result.getMessages());
    SwaggerParseResult yaml =
        new OpenAPIV3Parser().readContents(given().get("/openapi?format=yaml").asString(), null, options);
    assertEquals(List.of(), yaml.getMessages());
  }
}
