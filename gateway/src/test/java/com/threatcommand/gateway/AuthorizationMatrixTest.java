package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.gateway.support.Basic;
import com.threatcommand.gateway.support.FakeService;
import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.Idp;
import com.threatcommand.gateway.support.InternalToken;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route × {no credential, admin, provisioner, API key, appliance key, admin of another
 * tenant}: the status API.md implies, the challenge of a 401, and for every request that passes,
 * the internal token the service receives (audience, group, tenant) with none of the caller's own
 * credentials.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class AuthorizationMatrixTest {
  static final String ACCOUNT = "5f1e2d3c4b5a697887766554";
  static final String OTHER_ACCOUNT = "6a1e2d3c4b5a697887766001";
  static final String API_KEY = "tcak_matrix_api_key_0123456789";
  static final String API_KEY_ID = "0b7e5f0e-1111-4c8a-9d55-000000000001";
  static final String APPLIANCE_KEY = "tcap_matrix_appliance_key_0123456789";
  static final String APPLIANCE_KEY_ID = "0b7e5f0e-2222-4c8a-9d55-000000000002";
  /** A client address of its own, so that refused keys here do not rate-limit other tests. */
  static final String CLIENT = "192.0.2.21";

  enum Who {
    NOBODY,
    ADMIN,
    PROVISIONER,
    API_KEY,
    APPLIANCE_KEY,
    OTHER_ADMIN
  }

  /** A route, who may use it, and where a request that passes goes (null: the gateway answers). */
  record Row(String method, String path, Who allowed, String service, String group) {}

  static final List<Row> ROUTES =
      List.of(
          new Row("GET", "/api/v1/subscription", Who.ADMIN, "subscription-service", "admin"),
          new Row("POST", "/api/v1/subscription/credits/debits", Who.ADMIN, "subscription-service", "admin"),
          new Row("GET", "/api/v1/subscription/upgrade-requests", Who.ADMIN, "subscription-service", "admin"),
          new Row("GET", "/api/v1/provisioning/accounts/" + OTHER_ACCOUNT + "/subscription", Who.PROVISIONER, "subscription-service", "provisioner"),
          new Row("PUT", "/api/v1/provisioning/accounts/" + OTHER_ACCOUNT + "/subscription", Who.PROVISIONER, "subscription-service", "provisioner"),
          new Row("GET", "/api/v1/credentials", Who.ADMIN, "credentials-service", "admin"),
          new Row("POST", "/api/v1/credentials/api-key", Who.ADMIN, "credentials-service", "admin"),
          new Row("DELETE", "/api/v1/credentials/appliance-key", Who.ADMIN, "credentials-service", "admin"),
          new Row("GET", "/api/v1/credentials/account-id", Who.ADMIN, "credentials-service", "admin"),
          new Row("GET", "/public/v1/account/subscription", Who.API_KEY, "subscription-service", "api-key"),
          new Row("GET", "/public/v1/account/system-modules", Who.API_KEY, "subscription-service", "api-key"),
          new Row("POST", "/public/v1/account/credits/debits", Who.API_KEY, "subscription-service", "api-key"),
          new Row("HEAD", "/public/v1/test-credentials", Who.API_KEY, null, null),
          new Row("GET", "/public/v1/test-credentials", Who.API_KEY, null, null),
          new Row("HEAD", "/appliance/v1/test-credentials", Who.APPLIANCE_KEY, null, null),
          new Row("GET", "/appliance/v1/test-credentials", Who.APPLIANCE_KEY, null, null),
          new Row("GET", "/appliance/v1/identity", Who.APPLIANCE_KEY, null, null));

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
    FakeUpstreams.credentials.addKey(ACCOUNT, API_KEY, "api-key", API_KEY_ID, null);
    FakeUpstreams.credentials.addKey(ACCOUNT, APPLIANCE_KEY, "appliance-key", APPLIANCE_KEY_ID, null);
  }

  static String authorization(Who who) {
    return switch (who) {
      case NOBODY -> null;
      case ADMIN -> "Bearer " + Idp.admin(ACCOUNT);
      case OTHER_ADMIN -> "Bearer " + Idp.admin(OTHER_ACCOUNT);
      case PROVISIONER -> "Bearer " + Idp.provisioner();
      case API_KEY -> Basic.of(ACCOUNT, API_KEY);
      case APPLIANCE_KEY -> Basic.of(ACCOUNT, APPLIANCE_KEY);
    };
  }

  /** What API.md implies for this caller on this route. */
  static int expected(Row row, Who who) {
    boolean bearerRoute = row.path().startsWith("/api/");
    if (who == row.allowed() || (who == Who.OTHER_ADMIN && row.allowed() == Who.ADMIN)) {
      return row.method().equals("POST") && row.service() != null ? 201 : 200;
    }
    boolean bearerCaller = who == Who.ADMIN || who == Who.OTHER_ADMIN || who == Who.PROVISIONER;
    if (bearerRoute && bearerCaller) {
      return 403; // a valid token without the group this route needs
    }
    return 401; // no credential, or not a credential this route takes
  }

  @Test
  void everyRouteGivesEveryCallerTheStatusApiMdImplies() {
    List<String> mismatches = new ArrayList<>();
    for (Row row : ROUTES) {
      for (Who who : Who.values()) {
        FakeUpstreams.subscription.received.clear();
        FakeUpstreams.credentials.received.clear();
        RequestSpecification request = given().header("X-Forwarded-For", CLIENT);
        String authorization = authorization(who);
        if (authorization != null) {
          request.header("Authorization", authorization);
        }
        if (!row.method().equals("GET") && !row.method().equals("HEAD") && !row.method().equals("DELETE")) {
          request.contentType("application/json").body("{\"amount\": 1}");
        }
        request.header("Cookie", "session=client-cookie");
        Response response = request.request(row.method(), row.path());
        int expected = expected(row, who);
        if (response.statusCode() != expected) {
          mismatches.add(row.method() + " " + row.path() + " as " + who + ": " + response.statusCode() + " instead of " + expected);
          continue;
        }
        List<FakeService.Received> reached = new ArrayList<>();
        reached.addAll(FakeUpstreams.subscription.forwarded());
        reached.addAll(FakeUpstreams.credentials.forwarded());
        if (expected >= 400) {
          assertEquals(List.of(), reached, row + " as " + who + " reached a service");
          String challenge = response.header("WWW-Authenticate");
          if (expected == 401) {
            assertTrue(
                challenge != null && challenge.startsWith(row.path().startsWith("/api/") ? "Bearer" : "Basic"),
                row + " as " + who + " challenge " + challenge);
          }
          if (!row.method().equals("HEAD")) {
            assertEquals("application/problem+json", response.contentType());
          }
          continue;
        }
        if (row.service() == null) {
          assertEquals(List.of(), reached);
          continue;
        }
        assertEquals(1, reached.size(), row + " as " + who);
        FakeService.Received received = reached.get(0);
        FakeService service =
            row.service().equals("subscription-service") ? FakeUpstreams.subscription : FakeUpstreams.credentials;
        assertEquals(1, service.forwarded().size(), row + " went to the wrong service");
        assertEquals(row.path(), received.path());
        assertFalse(received.headers().contains("Cookie"), "the client's cookie reached the service");
        assertNotEquals(authorization, received.headers().get("Authorization"));
        JwtClaims claims = InternalToken.verify(received.headers().get("Authorization"), row.service());
        try {
          assertEquals(List.of(row.group()), claims.getStringListClaimValue("groups"));
          String tenant = who == Who.OTHER_ADMIN ? OTHER_ACCOUNT : who == Who.PROVISIONER ? null : ACCOUNT;
          assertEquals(tenant, claims.getClaimValue("account_id"), row + " as " + who);
          assertTrue(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() <= 300);
          if (who == Who.API_KEY) {
            assertEquals("api-key:" + API_KEY_ID, claims.getSubject());
          }
          if (who == Who.ADMIN) {
            assertEquals("admin@" + ACCOUNT + ".example.com", claims.getClaimValue("email"));
            assertEquals("Ada Admin", claims.getClaimValue("name"));
          }
        } catch (org.jose4j.jwt.MalformedClaimException e) {
          throw new AssertionError(e);
        }
      }
    }
    assertEquals(List.of(), mismatches);
  }

  @Test
  void applianceIdentityNamesTheAccountAndTheKey() {
    given()
        .header("X-Forwarded-For", CLIENT)
        .header("Authorization", Basic.of(ACCOUNT, APPLIANCE_KEY))
        .get("/appliance/v1/identity")
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("accountId", org.hamcrest.Matchers.equalTo(ACCOUNT))
        .body("keyId", org.hamcrest.Matchers.equalTo(APPLIANCE_KEY_ID));
  }

  @Test
  void testCredentialsAnswersLikeThreatCommandDoes() {
    Response head =
        given()
            .header("X-Forwarded-For", CLIENT)
            .header("Authorization", Basic.of(ACCOUNT, API_KEY))
            .head("/public/v1/test-credentials");
    assertEquals(200, head.statusCode());
    assertEquals("", head.asString());
    given()
        .header("X-Forwarded-For", CLIENT)
        .header("Authorization", Basic.of(ACCOUNT, "tcak_wrong"))
        .head("/public/v1/test-credentials")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic realm="));
  }

  @Test
  void methodsTheGatewayKnowsAreNotAllowedGet405WithAllow() {
    Map<String, String> cases =
        Map.of(
            "/public/v1/test-credentials", "POST",
            "/appliance/v1/identity", "DELETE",
            "/public/v1/account/credits/debits", "GET",
            "/public/v1/account/subscription", "PUT");
    cases.forEach(
        (path, method) ->
            given()
                .header("X-Forwarded-For", CLIENT)
                .header("Authorization", Basic.of(ACCOUNT, API_KEY))
                .request(method, path)
                .then()
                .statusCode(405)
                .header("Allow", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json"));
  }
}
