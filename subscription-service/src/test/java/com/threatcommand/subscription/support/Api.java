package com.threatcommand.subscription.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.threatcommand.testing.Tokens;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Short-hands for the calls many tests make, through the real HTTP API. */
public final class Api {
  private Api() {}

  public static String key() {
    return UUID.randomUUID().toString();
  }

  /** Grants credits as the back office; returns the new balance. */
  public static long grant(String accountId, long amount) {
    return given()
        .auth()
        .oauth2(Tokens.provisioner())
        .contentType("application/json")
        .header("Idempotency-Key", key())
        .body("{\"amount\":" + amount + ",\"reason\":\"test\"}")
        .post("/api/v1/provisioning/accounts/{id}/credits/grants", accountId)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("balance");
  }

  public static Response debit(String token, String key, String body) {
    RequestSpecification spec = given().auth().oauth2(token).contentType("application/json");
    if (key != null) {
      spec.header("Idempotency-Key", key);
    }
    return spec.body(body).post("/api/v1/subscription/credits/debits");
  }

  public static Response usage(String accountId, String counter, long delta) {
    return given()
        .auth()
        .oauth2(Tokens.provisioner())
        .contentType("application/json")
        .body("{\"delta\":" + delta + "}")
        .post("/api/v1/provisioning/accounts/{id}/usage/{counter}", accountId, counter);
  }

  public static long balance(String accountId) {
    return given()
        .auth()
        .oauth2(Tokens.admin(accountId))
        .get("/api/v1/subscription")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("credits.balance");
  }

  /** Asserts a 400 validation-failed problem that names {@code field} (null: any field). */
  public static ValidatableResponse assertInvalid(Response response, String field) {
    ValidatableResponse v =
        response
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("type", endsWith("/validation-failed"))
            .body("status", is(400))
            .body("requestId", notNullValue());
    if (field != null) {
      v.body("errors.field", hasItem(field));
    }
    return v;
  }

  /** Asserts a problem response with this status and slug. */
  public static ValidatableResponse assertProblem(Response response, int status, String slug) {
    return response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", endsWith("/" + slug))
        .body("status", is(status))
        .body("instance", notNullValue())
        .body("requestId", notNullValue());
  }
}
