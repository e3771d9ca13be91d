package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.gateway.support.Basic;
import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.Idp;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API guide download, which the gateway builds from the merged document it serves: the ZIP's
 * entries, openapi.json and openapi.yaml byte for byte what /openapi serves, an index.html that
 * names every operation and fetches nothing, conditional requests, and the callers it refuses.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class ApiGuideTest {
  static final String ACCOUNT = "5f1e2d3c4b5a697887766554";
  static final String PATH = "/api/v1/subscription/documents/api-guide";
  /** An attribute or CSS reference that would make a browser fetch something from the network. */
  static final Pattern NETWORK_REFERENCE =
      Pattern.compile("(?i)(?:src|href|action|srcset|poster|data)\\s*=\\s*[\"']?\\s*(?:https?:)?//|url\\(\\s*[\"']?\\s*(?:https?:)?//|@import");

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
  }

  Response download() {
    return given().auth().oauth2(Idp.admin(ACCOUNT)).get(PATH);
  }

  static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void anAdministratorGetsAZipOfThePageAndTheDocumentAsServed() throws IOException {
    Response response = download();
    response
        .then()
        .statusCode(200)
        .contentType("application/zip")
        .header("Content-Disposition", "attachment; filename=\"threat-command-api-guide.zip\"")
        .header("ETag", org.hamcrest.Matchers.matchesPattern("\"[0-9a-f]{32}\""))
        .header("Cache-Control", "private, max-age=3600")
        .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    Map<String, byte[]> entries = entries(response.asByteArray());
    assertEquals(List.of("index.html", "openapi.json", "openapi.yaml"), new ArrayList<>(entries.keySet()));
    assertArrayEquals(given().get("/openapi").asByteArray(), entries.get("openapi.json"), "openapi.json is what /openapi serves");
    assertArrayEquals(
        given().get("/openapi?format=yaml").asByteArray(), entries.get("openapi.yaml"), "openapi.yaml is what /openapi?format=yaml serves");
    // answered by the gateway: nothing went to subscription-service
    assertTrue(FakeUpstreams.subscription.forwarded().isEmpty(), "the request was not forwarded");
  }

  @Test
  void thePageNamesEveryPathAndOperationAndFetchesNothing() throws IOException {
    Map<String, byte[]> entries = entries(download().asByteArray());
    String html = new String(entries.get("index.html"), StandardCharsets.UTF_8);
    JsonNode document = new ObjectMapper().readTree(entries.get("openapi.json"));
    int operations = 0;
    Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      assertTrue(html.contains(">" + path.getKey() + "<"), "the page names " + path.getKey());
      Iterator<String> methods = path.getValue().fieldNames();
      while (methods.hasNext()) {
        String method = methods.next();
        if (method.equals("parameters")) {
          continue;
        }
        String id = path.getValue().get(method).get("operationId").asText();
        String heading =
            "<span class=\"method m-" + method + "\">" + method.toUpperCase() + "</span> <span class=\"path\">" + path.getKey() + "</span></h3>";
        assertTrue(html.contains("id=\"op-" + id + "\""), "an anchor for " + id);
        assertTrue(html.contains(heading), "a heading for " + method + " " + path.getKey());
        assertTrue(html.contains("<code>" + id + "</code>"), "the operation ID " + id);
        operations++;
      }
    }
    assertTrue(operations >= 10, "the fake services' operations and the gateway's own: " + operations);
    document.get("components").get("schemas").fieldNames().forEachRemaining(
        name -> assertTrue(html.contains("id=\"schema-" + name + "\""), "the schemas section has " + name));
    assertTrue(html.contains("id=\"op-getApiGuide\""), "the guide describes its own download");
    // offline: no script, no network reference, and a policy that forbids fetching anything
    assertFalse(html.toLowerCase().contains("<script"), "no script");
    Matcher network = NETWORK_REFERENCE.matcher(html);
    assertFalse(network.find(), () -> "a network reference: " + html.substring(Math.max(0, network.start() - 80), network.end() + 80));
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"));
    // the servers list is there as text
    assertTrue(html.contains("<code>" + document.get("servers").get(0).get("url").asText() + "</code>"));
  }

  @Test
  void conditionalRequestsGet304WhileTheGuideIsCurrent() {
    Response first = download();
    String etag = first.header("ETag");
    for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
      given()
          .auth().oauth2(Idp.admin(ACCOUNT))
          .header("If-None-Match", ifNoneMatch)
          .get(PATH)
          .then()
          .statusCode(304)
          .header("ETag", etag)
          .body(equalTo(""));
    }
    given().auth().oauth2(Idp.admin(ACCOUNT)).header("If-None-Match", "\"0123\"").get(PATH).then().statusCode(200);
    // the same document gives the same bytes: every replica serves one file under one ETag
    assertArrayEquals(first.asByteArray(), download().asByteArray());
    given()
        .auth().oauth2(Idp.admin(ACCOUNT))
        .head(PATH)
        .then()
        .statusCode(200)
        .header("ETag", etag)
        .header("Content-Length", Integer.toString(first.asByteArray().length));
  }

  @Test
  void onlyAnAdministratorWithAnAccountGetsIt() {
    given().get(PATH).then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", startsWith("Bearer"))
        .body("type", equalTo("https://problems.threatcommand.io/unauthenticated"));
    given().auth().oauth2(Idp.provisioner()).get(PATH).then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("https://problems.threatcommand.io/forbidden"));
    given().header("Authorization", Basic.of(ACCOUNT, "tcak_not_a_bearer_token")).get(PATH).then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Bearer"));
    JwtClaims expired = Idp.adminClaims(ACCOUNT);
    expired.setClaim("exp", System.currentTimeMillis() / 1000 - 120);
    given().auth().oauth2(Idp.rs256(expired)).get(PATH).then().statusCode(401);
    JwtClaims noAccount = Idp.adminClaims(ACCOUNT);
    noAccount.unsetClaim("account_id");
    given().auth().oauth2(Idp.rs256(noAccount)).get(PATH).then().statusCode(401);
    JwtClaims otherIssuer = Idp.adminClaims(ACCOUNT);
    otherIssuer.setIssuer("https://idp.elsewhere.example");
    given().auth().oauth2(Idp.rs256(otherIssuer)).get(PATH).then().statusCode(401);
    given().auth().oauth2(Idp.admin(ACCOUNT)).post(PATH).then()
        .statusCode(405)
        .header("Allow", "GET, HEAD");
    assertTrue(FakeUpstreams.subscription.forwarded().isEmpty(), "nothing was forwarded");
  }

  @Test
  void theMergedDocumentDescribesTheDownload() {
    io.restassured.path.json.JsonPath doc = given().get("/openapi").jsonPath();
    String op = "paths.'" + PATH + "'.get";
    assertEquals(List.of("Documents"), doc.getList(op + ".tags"));
    assertEquals("binary", doc.getString(op + ".responses.'200'.content.'application/zip'.schema.format"));
    assertEquals(List.of(Map.of("bearerAuth", List.of())), doc.getList(op + ".security"));
    assertEquals("#/components/schemas/Problem", doc.getString(op + ".responses.'403'.content.'application/problem+json'.schema.'$ref'"));
    assertTrue(doc.getMap(op + ".responses").containsKey("304"));
  }
}
