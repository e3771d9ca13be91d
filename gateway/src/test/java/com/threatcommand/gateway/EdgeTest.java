package com.threatcommand.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.threatcommand.gateway.support.FakeUpstreams;
import com.threatcommand.gateway.support.Idp;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every request gets, whatever its route: IDs, headers, CORS, problems, static files. */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class EdgeTest {
  static final String ACCOUNT = "5f1e2d3c4b5a697887766554";
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors 'none';"
          + " require-trusted-types-for 'script'; trusted-types 'none'";

  @BeforeEach
  void setUp() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    FakeUpstreams.reset();
  }

  @Test
  void rootServesThePageAsHtml() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("Subscription"))
        .body(containsString("<script type=\"module\" src=\"/js/app.js\"></script>"));
  }

  @Test
  void thePageGetsAPolicyWithoutInlineScriptAndTheApiKeepsItsStrictOne() {
    for (String path : new String[] {"/", "/index.html", "/js/app.js", "/css/app.css"}) {
      for (var response : new io.restassured.response.Response[] {given().get(path), given().head(path)}) {
        response
            .then()
            .statusCode(200)
            .header("Content-Security-Policy", equalTo(PAGE_POLICY))
            .header("Cache-Control", "no-cache")
            .header("X-Frame-Options", "DENY")
            .header("X-Content-Type-Options", "nosniff");
      }
    }
    given().get("/js/app.js").then().contentType(matchesPattern("(text|application)/javascript.*"));
    given().get("/css/app.css").then().contentType(containsString("text/css"));
    // revalidation instead of a day of immutable caching: a release is picked up at once
    String modified = given().get("/js/app.js").header("Last-Modified");
    given().header("If-Modified-Since", modified).get("/js/app.js").then().statusCode(304);
    // no inline script or style, no eval, no HTML sinks, nothing from another origin
    String policy = PAGE_POLICY;
    assertEquals(false, policy.contains("unsafe-inline") || policy.contains("unsafe-eval") || policy.contains("*"));
    // the API's answers keep the strict policy, whatever their type
    given().get("/openapi").then().header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    given().get("/nope").then().header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then()
        .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .header("Cache-Control", not(equalTo("no-cache")));
  }

  @Test
  void unknownPathsAreProblemNotFound() {
    for (String path : new String[] {"/nope", "/api/v2/x", "/public/v1/other", "/appliance/v2", "/internal/v1/keys/verify"}) {
      given()
          .get(path)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("type", equalTo("https://problems.threatcommand.io/not-found"))
          .body("status", equalTo(404))
          .body("instance", equalTo(path))
          .body("requestId", not(emptyOrNullString()));
    }
    assertEquals(0, FakeUpstreams.credentials.forwarded().size());
  }

  @Test
  void internalPathsAreNeverExposedEvenWithAGoodCredential() {
    given()
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .contentType("application/json")
        .body("{\"accountId\":\"" + ACCOUNT + "\",\"key\":\"tcak_x\"}")
        .post("/internal/v1/keys/verify")
        .then()
        .statusCode(404);
    for (String path :
        new String[] {
          "/api/v1/credentials/..%2F..%2F..%2Finternal/v1/keys/revocations",
          "/api/v1/credentials/%2e%2e/%2e%2e/%2e%2e/internal/v1/keys/verify",
          "/api/v1/subscription/..%5C..%5Cinternal",
          "/api/v1/credentials/../../../internal/v1/keys/revocations"
        }) {
      given()
          .urlEncodingEnabled(false)
          .auth()
          .oauth2(Idp.admin(ACCOUNT))
          .get(path)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
    // the gateway's own calls (verify, revocations) carry no X-Forwarded-For; a forwarded one would
    assertEquals(
        0,
        FakeUpstreams.credentials.received.stream()
            .filter(r -> r.path().contains("internal") && r.headers().contains("X-Forwarded-For"))
            .count());
  }

  @Test
  void oneAccessLogLinePerRequestAndNeverACredential() {
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            lines.add(
                record.getParameters() == null
                    ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger access = java.util.logging.Logger.getLogger("com.threatcommand.gateway.access");
    access.addHandler(handler);
    try {
      String token = Idp.admin(ACCOUNT);
      given().auth().oauth2(token).header("X-Request-Id", "log-line-1").get("/api/v1/subscription?secret=1").then().statusCode(200);
      given()
          .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((ACCOUNT + ":tcak_supersecret").getBytes()))
          .header("X-Forwarded-For", "192.0.2.250")
          .header("X-Request-Id", "log-line-2")
          .get("/public/v1/test-credentials")
          .then()
          .statusCode(401);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> lines.stream().filter(l -> l.contains("log-line-")).count() == 2);
      String first = lines.stream().filter(l -> l.contains("log-line-1")).findFirst().orElseThrow();
      org.hamcrest.MatcherAssert.assertThat(
          first,
          matchesPattern("GET /api/v1/subscription 200 [0-9.]+ms caller=admin account=" + ACCOUNT + " rid=log-line-1"));
      String second = lines.stream().filter(l -> l.contains("log-line-2")).findFirst().orElseThrow();
      org.hamcrest.MatcherAssert.assertThat(
          second, matchesPattern("GET /public/v1/test-credentials 401 [0-9.]+ms caller=anonymous account=- rid=log-line-2"));
      for (String line : lines) {
        org.junit.jupiter.api.Assertions.assertFalse(line.contains(token) || line.contains("supersecret") || line.contains("secret=1"), line);
      }
    } finally {
      access.removeHandler(handler);
    }
  }

  @Test
  void requestIdIsKeptWhenSaneAndMadeUpOtherwise() {
    given()
        .header("X-Request-Id", "client-id-123")
        .get("/nope")
        .then()
        .header("X-Request-Id", "client-id-123")
        .body("requestId", equalTo("client-id-123"));
    given()
        .header("X-Request-Id", "bad id with spaces <script>")
        .get("/nope")
        .then()
        .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    given().get("/nope").then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
  }

  @Test
  void requestIdIsForwardedAndOnlyOnceOnTheResponse() {
    var response =
        given()
            .auth()
            .oauth2(Idp.admin(ACCOUNT))
            .header("X-Request-Id", "trace-me-42")
            .get("/api/v1/subscription");
    response.then().statusCode(200);
    assertEquals(1, response.headers().getValues("X-Request-Id").size());
    assertEquals("trace-me-42", response.header("X-Request-Id"));
    assertEquals(
        "trace-me-42", FakeUpstreams.subscription.forwarded().get(0).headers().get("X-Request-Id"));
  }

  @Test
  void securityHeadersOnEveryResponse() {
    for (var response :
        new io.restassured.response.Response[] {
          given().get("/nope"), given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription")
        }) {
      response
          .then()
          .header("X-Content-Type-Options", "nosniff")
          .header("X-Frame-Options", "DENY")
          .header("Referrer-Policy", "no-referrer")
          .header("Strict-Transport-Security", containsString("max-age="))
          .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }
  }

  @Test
  void corsPreflightFromAnAllowedOriginIsAnswered() {
    given()
        .header("Origin", "https://app.threatcommand.test")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key")
        .options("/api/v1/subscription/credits/debits")
        .then()
        .statusCode(204)
        .header("Access-Control-Allow-Origin", "https://app.threatcommand.test")
        .header("Access-Control-Allow-Methods", containsString("POST"))
        .header("Access-Control-Allow-Headers", containsString("idempotency-key"))
        .header("Vary", containsString("Origin"));
    assertEquals(0, FakeUpstreams.subscription.forwarded().size());
  }

  @Test
  void corsPreflightFromAnotherOriginIsRefused() {
    given()
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .options("/api/v1/subscription")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .header("Access-Control-Allow-Origin", nullValue());
  }

  @Test
  void corsHeadersOnActualRequestsOnlyForAllowedOrigins() {
    given()
        .header("Origin", "https://app.threatcommand.test")
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .get("/api/v1/subscription")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", "https://app.threatcommand.test")
        .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
    given()
        .header("Origin", "https://evil.example")
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .get("/api/v1/subscription")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", nullValue());
    // errors the gateway produces carry CORS headers too, so the SPA can read them
    given()
        .header("Origin", "https://app.threatcommand.test")
        .get("/api/v1/subscription")
        .then()
        .statusCode(401)
        .header("Access-Control-Allow-Origin", "https://app.threatcommand.test");
  }

  @Test
  void healthIsReadyWhileBothServicesAnswerAndNotOtherwise() {
    given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    FakeUpstreams.credentials.stop();
    try {
      given()
          .get("/q/health/ready")
          .then()
          .statusCode(503)
          .body("checks[0].data.credentials-service", equalTo("DOWN"));
      given().get("/q/health/live").then().statusCode(200);
    } finally {
      FakeUpstreams.credentials.start();
    }
    given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void metricsCountRequestsPerRouteAndCallerKind() {
    given().auth().oauth2(Idp.admin(ACCOUNT)).get("/api/v1/subscription").then().statusCode(200);
    given().get("/api/v1/subscription").then().statusCode(401);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    org.hamcrest.MatcherAssert.assertThat(
        metrics,
        matchesPattern(
            "(?s).*gateway_requests_seconds_count\\{[^}]*caller=\"admin\"[^}]*route=\"subscription\"[^}]*status=\"200\"[^}]*} [1-9].*"));
    org.hamcrest.MatcherAssert.assertThat(
        metrics,
        matchesPattern(
            "(?s).*gateway_requests_seconds_bucket\\{[^}]*caller=\"anonymous\"[^}]*route=\"subscription\"[^}]*status=\"401\".*"));
  }

  @Test
  void declaredOversizeBodyIs413BeforeAuthentication() {
    given()
        .contentType("application/json")
        .body(new byte[64 * 1024 + 1])
        .post("/api/v1/subscription/credits/debits")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo("https://problems.threatcommand.io/payload-too-large"));
    assertEquals(0, FakeUpstreams.subscription.forwarded().size());
  }

  @Test
  void bodyOfExactlyTheLimitPasses() {
    given()
        .auth()
        .oauth2(Idp.admin(ACCOUNT))
        .contentType("application/json")
        .body(new byte[64 * 1024])
        .post("/api/v1/subscription/credits/debits")
        .then()
        .statusCode(201)
        .body("bodyLength", equalTo(64 * 1024));
  }

  @Test
  void gatewayErrorsAreNeverCached() {
    given().get("/api/v1/subscription").then().statusCode(401).header("Cache-Control", "no-store")
        .body(not(containsString("Exception")));
  }
}
