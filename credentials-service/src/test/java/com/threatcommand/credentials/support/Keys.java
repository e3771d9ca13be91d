package com.threatcommand.credentials.support;

import static io.restassured.RestAssured.given;

import com.threatcommand.testing.Tokens;
import io.restassured.path.json.JsonPath;

/** Drives keys through the public HTTP API, as the SPA and the gateway would. */
public final class Keys {
  private Keys() {}

  /** Generates a key of {@code kind} for the account; returns the whole 201 body. */
  public static JsonPath generate(String accountId, String kind) {
    return given()
        .auth()
        .oauth2(Tokens.admin(accountId))
        .post("/api/v1/credentials/{kind}", kind)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  public static JsonPath rotate(String accountId, String kind, long graceSeconds) {
    return given()
        .auth()
        .oauth2(Tokens.admin(accountId))
        .contentType("application/json")
        .body("{\"graceSeconds\":" + graceSeconds + "}")
        .post("/api/v1/credentials/{kind}/rotation", kind)
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  public static void revoke(String accountId, String kind) {
    given()
        .auth()
        .oauth2(Tokens.admin(accountId))
        .delete("/api/v1/credentials/{kind}", kind)
        .then()
        .statusCode(204);
  }

  /** The gateway's question: the whole 200 body of the verification. */
  public static JsonPath verify(String accountId, String key) {
    return given()
        .auth()
        .oauth2(Tokens.gateway())
        .contentType("application/json")
        .body(json(accountId, key))
        .post("/internal/v1/keys/verify")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  public static boolean valid(String accountId, String key) {
    return verify(accountId, key).getBoolean("valid");
  }

  public static String json(String accountId, String key) {
    return "{\"accountId\":" + quote(accountId) + ",\"key\":" + quote(key) + "}";
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
