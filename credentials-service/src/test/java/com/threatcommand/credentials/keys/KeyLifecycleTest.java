package com.threatcommand.credentials.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The life of a key through the admin API, seen by the gateway's verification endpoint. */
@QuarkusTest
class KeyLifecycleTest {
  @Inject MutableClock clock;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @ParameterizedTest
  @ValueSource(strings = {"api-key", "appliance-key"})
  void wholeLifecycle(String kind) {
    String other = kind.equals("api-key") ? "appliance-key" : "api-key";
    String prefix = kind.equals("api-key") ? "tcak_" : "tcap_";
    String field = kind.equals("api-key") ? "apiKey" : "applianceKey";
    String accountId = Accounts.newId();
    String admin = Tokens.admin(accountId, "auth0|jane", "jane@example.com", "Jane");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock.setInstant(t0);

    // NONE
    given().auth().oauth2(admin).get("/api/v1/credentials").then().statusCode(200)
        .body("apiKey.status", equalTo("NONE")).body("applianceKey.status", equalTo("NONE"))
        .body(field + ".hint", nullValue()).body(field + ".previous", nullValue());

    // generate: the full key, once, never cached
    JsonPath created =
        given().auth().oauth2(admin).post("/api/v1/credentials/{kind}", kind).then()
            .statusCode(201)
            .header("Cache-Control", "no-store")
            .contentType("application/json")
            .body("kind", equalTo(kind))
            .body("accountId", equalTo(accountId))
            .body("createdAt", equalTo(t0.toString()))
            .body("previous", nullValue())
            .extract().jsonPath();
    String key = created.getString("key");
    String id = created.getString("id");
    assertTrue(key.startsWith(prefix));
    assertTrue(KeyCheck.isValid(key));
    assertEquals(prefix + "…" + key.substring(key.length() - 4), created.getString("hint"));

    // the status view shows the hint, never the key
    String status =
        given().auth().oauth2(admin).get("/api/v1/credentials").then().statusCode(200)
            .body(field + ".status", equalTo("ACTIVE"))
            .body(field + ".id", equalTo(id))
            .body(field + ".hint", equalTo(created.getString("hint")))
            .body(field + ".createdAt", equalTo(t0.toString()))
            .body(field + ".createdBy", equalTo("jane@example.com"))
            .body(field + ".lastUsedAt", nullValue())
            .body(field + ".previous", nullValue())
            .body((field.equals("apiKey") ? "applianceKey" : "apiKey") + ".status", equalTo("NONE"))
            .extract().asString();
    assertFalse(status.contains(key.substring(5, 40)), "the status view must not carry the key");

    // a second generate is refused: the UI then offers Revoke
    given().auth().oauth2(admin).post("/api/v1/credentials/{kind}", kind).then().statusCode(409)
        .contentType("application/problem+json").body("type", endsWith("/key-already-exists"));

    JsonPath verified = Keys.verify(accountId, key);
    assertTrue(verified.getBoolean("valid"));
    assertEquals(accountId, verified.getString("accountId"));
    assertEquals(kind, verified.getString("kind"));
    assertEquals(id, verified.getString("keyId"));
    assertTrue(verified.getMap("").containsKey("expiresAt"));
    assertEquals(null, (Object) verified.get("expiresAt"));

    // rotate with one hour of grace: both keys work
    JsonPath rotated =
        given().auth().oauth2(admin).contentType("application/json").body("{\"graceSeconds\":3600}")
            .post("/api/v1/credentials/{kind}/rotation", kind).then()
            .statusCode(201)
            .header("Cache-Control", "no-store")
            .body("kind", equalTo(kind))
            .body("previous.id", equalTo(id))
            .body("previous.expiresAt", equalTo(t0.plusSeconds(3600).toString()))
            .extract().jsonPath();
    String newKey = rotated.getString("key");
    String newId = rotated.getString("id");
    assertNotEquals(key, newKey);
    assertTrue(KeyCheck.isValid(newKey));
    given().auth().oauth2(admin).get("/api/v1/credentials").then().statusCode(200)
        .body(field + ".id", equalTo(newId))
        .body(field + ".previous.id", equalTo(id))
        .body(field + ".previous.hint", equalTo(created.getString("hint")))
        .body(field + ".previous.expiresAt", equalTo(t0.plusSeconds(3600).toString()));
    JsonPath oldVerified = Keys.verify(accountId, key);
    assertTrue(oldVerified.getBoolean("valid"));
    assertEquals(t0.plusSeconds(3600).toString(), oldVerified.getString("expiresAt"));
    assertTrue(Keys.valid(accountId, newKey));
    assertEquals(null, (Object) Keys.verify(accountId, newKey).get("expiresAt"));

    // the grace ends: the old key stops, the new one goes on
    clock.setInstant(t0.plusSeconds(3599));
    assertTrue(Keys.valid(accountId, key));
    clock.setInstant(t0.plusSeconds(3600));
    assertFalse(Keys.valid(accountId, key));
    assertTrue(Keys.valid(accountId, newKey));
    given().auth().oauth2(admin).get("/api/v1/credentials").then()
        .body(field + ".id", equalTo(newId)).body(field + ".previous", nullValue());

    // rotate again with a day of grace, then revoke: both stop at once, grace or not
    String third = Keys.rotate(accountId, kind, 86_400).getString("key");
    assertTrue(Keys.valid(accountId, newKey));
    assertTrue(Keys.valid(accountId, third));
    given().auth().oauth2(admin).delete("/api/v1/credentials/{kind}", kind).then().statusCode(204);
    assertFalse(Keys.valid(accountId, key));
    assertFalse(Keys.valid(accountId, newKey));
    assertFalse(Keys.valid(accountId, third));
    given().auth().oauth2(admin).get("/api/v1/credentials").then()
        .body(field + ".status", equalTo("NONE")).body(field + ".previous", nullValue());

    // nothing left to revoke or rotate
    given().auth().oauth2(admin).delete("/api/v1/credentials/{kind}", kind).then().statusCode(404)
        .contentType("application/problem+json").body("type", endsWith("/no-active-key"));
    given().auth().oauth2(admin).contentType("application/json").body("{\"graceSeconds\":0}")
        .post("/api/v1/credentials/{kind}/rotation", kind).then().statusCode(404)
        .body("type", endsWith("/no-active-key"));

    // and generate works again, with a brand-new key
    String fourth = Keys.generate(accountId, kind).getString("key");
    assertTrue(Keys.valid(accountId, fourth));
    assertFalse(Keys.valid(accountId, third));
    given().auth().oauth2(admin).get("/api/v1/credentials").then().body(other.equals("api-key") ? "apiKey.status" : "applianceKey.status", equalTo("NONE"));

    // the audit trail tells the whole story, newest first
    List<String> types =
        given().auth().oauth2(admin).get("/api/v1/credentials/audit-events").then().statusCode(200)
            .extract().jsonPath().getList("items.type");
    assertEquals(
        List.of(
            "ACCOUNT_ID_DISCLOSED", "KEY_GENERATED",
            "KEY_REVOKED", "KEY_REVOKED",
            "ACCOUNT_ID_DISCLOSED", "KEY_ROTATED",
            "ACCOUNT_ID_DISCLOSED", "KEY_ROTATED",
            "ACCOUNT_ID_DISCLOSED", "KEY_GENERATED"),
        types);
  }

  @Test
  void rotationWithoutGraceStopsTheOldKeyAtOnce() {
    String accountId = Accounts.newId();
    String old = Keys.generate(accountId, "api-key").getString("key");
    JsonPath rotated = Keys.rotate(accountId, "api-key", 0);
    assertFalse(Keys.valid(accountId, old));
    assertTrue(Keys.valid(accountId, rotated.getString("key")));
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/credentials").then()
        .body("apiKey.id", equalTo(rotated.getString("id"))).body("apiKey.previous", nullValue());
  }

  @Test
  void aSecondRotationEndsTheFirstGraceAtOnce() {
    String accountId = Accounts.newId();
    String first = Keys.generate(accountId, "appliance-key").getString("key");
    JsonPath second = Keys.rotate(accountId, "appliance-key", 86_400);
    JsonPath third = Keys.rotate(accountId, "appliance-key", 86_400);
    assertFalse(Keys.valid(accountId, first));
    assertTrue(Keys.valid(accountId, second.getString("key")));
    assertTrue(Keys.valid(accountId, third.getString("key")));
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/credentials").then()
        .body("applianceKey.id", equalTo(third.getString("id")))
        .body("applianceKey.previous.id", equalTo(second.getString("id")));
  }

  @Test
  void theStatusShowsEachKindWithItsOwnPreviousKey() {
    String accountId = Accounts.newId();
    String apiFirst = Keys.generate(accountId, "api-key").getString("id");
    String applianceFirst = Keys.generate(accountId, "appliance-key").getString("id");
    JsonPath api = Keys.rotate(accountId, "api-key", 3600);
    JsonPath appliance = Keys.rotate(accountId, "appliance-key", 7200);
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/credentials").then().statusCode(200)
        .body("apiKey.id", equalTo(api.getString("id")))
        .body("apiKey.previous.id", equalTo(apiFirst))
        .body("apiKey.previous.expiresAt", equalTo(api.getString("previous.expiresAt")))
        .body("applianceKey.id", equalTo(appliance.getString("id")))
        .body("applianceKey.previous.id", equalTo(applianceFirst))
        .body("applianceKey.previous.expiresAt", equalTo(appliance.getString("previous.expiresAt")));
    // one kind revoked: its status is NONE, and the other kind's previous key is still shown
    Keys.revoke(accountId, "api-key");
    given().auth().oauth2(Tokens.admin(accountId)).get("/api/v1/credentials").then().statusCode(200)
        .body("apiKey.status", equalTo("NONE")).body("apiKey.previous", nullValue())
        .body("applianceKey.previous.id", equalTo(applianceFirst));
  }

  @Test
  void anApiKeyNeverVerifiesAsAnApplianceKeyAndKindsLiveApart() {
    String accountId = Accounts.newId();
    String api = Keys.generate(accountId, "api-key").getString("key");
    String appliance = Keys.generate(accountId, "appliance-key").getString("key");
    assertEquals("api-key", Keys.verify(accountId, api).getString("kind"));
    assertEquals("appliance-key", Keys.verify(accountId, appliance).getString("kind"));

    // the same random body under the other prefix, even with a correct checksum, is no key
    String body = api.substring(5, 5 + KeyCheck.BODY_LENGTH);
    String forged = "tcap_" + body + KeyCheck.checksum("tcap_" + body);
    assertTrue(KeyCheck.isValid(forged));
    assertFalse(Keys.valid(accountId, forged));
    assertFalse(Keys.valid(accountId, "tcap_" + api.substring(5)));

    // revoking or rotating one kind leaves the other alone
    Keys.revoke(accountId, "api-key");
    assertFalse(Keys.valid(accountId, api));
    assertTrue(Keys.valid(accountId, appliance));
    String api2 = Keys.generate(accountId, "api-key").getString("key");
    Keys.rotate(accountId, "appliance-key", 0);
    assertTrue(Keys.valid(accountId, api2));
    assertFalse(Keys.valid(accountId, appliance));
  }

  @Test
  void anAdminNeverSeesRevokesOrRotatesAnotherAccountsKeys() {
    String a = Accounts.newId();
    String b = Accounts.newId();
    String keyA = Keys.generate(a, "api-key").getString("key");
    String idA = Keys.verify(a, keyA).getString("keyId");

    // a key of A presented with B's account ID is invalid
    assertFalse(Keys.valid(b, keyA));

    // B's admin, even naming A in the query or headers, only ever reaches B
    given().auth().oauth2(Tokens.admin(b)).queryParam("accountId", a).header("X-Account-Id", a)
        .get("/api/v1/credentials").then().statusCode(200)
        .body("apiKey.status", equalTo("NONE")).body("apiKey.id", not(equalTo(idA)));
    given().auth().oauth2(Tokens.admin(b)).queryParam("accountId", a)
        .delete("/api/v1/credentials/api-key").then().statusCode(404).body("type", endsWith("/no-active-key"));
    given().auth().oauth2(Tokens.admin(b)).queryParam("accountId", a).contentType("application/json")
        .body("{\"graceSeconds\":0}").post("/api/v1/credentials/api-key/rotation").then().statusCode(404);
    given().auth().oauth2(Tokens.admin(b)).header("X-Account-Id", a).get("/api/v1/credentials/account-id")
        .then().statusCode(200).body("accountId", equalTo(b));
    given().auth().oauth2(Tokens.admin(b)).get("/api/v1/credentials/audit-events").then().statusCode(200)
        .body("items.findAll { it.keyId == '" + idA + "' }.size()", is(0));
    assertTrue(Keys.valid(a, keyA));

    // B generating its own key does not collide with A's
    String keyB = Keys.generate(b, "api-key").getString("key");
    assertTrue(Keys.valid(b, keyB));
    assertFalse(Keys.valid(a, keyB));
    assertTrue(Keys.valid(a, keyA));
  }

  @Test
  void accountIdDisclosureIsAuditedWithActorAndRequestId() {
    String accountId = Accounts.newId();
    String admin = Tokens.admin(accountId, "auth0|sam", "sam@example.com", "Sam");
    given().auth().oauth2(admin).header("X-Request-Id", "disclose-" + accountId)
        .get("/api/v1/credentials/account-id").then().statusCode(200)
        .header("Cache-Control", "no-store")
        .body("accountId", equalTo(accountId));
    given().auth().oauth2(admin).header("X-Request-Id", "generate-" + accountId)
        .post("/api/v1/credentials/api-key").then().statusCode(201);

    given().auth().oauth2(admin).get("/api/v1/credentials/audit-events").then().statusCode(200)
        .body("items.size()", is(3))
        .body("nextCursor", nullValue())
        .body("items[0].type", equalTo("ACCOUNT_ID_DISCLOSED"))
        .body("items[0].keyKind", equalTo("api-key"))
        .body("items[0].requestId", equalTo("generate-" + accountId))
        .body("items[1].type", equalTo("KEY_GENERATED"))
        .body("items[1].keyKind", equalTo("api-key"))
        .body("items[1].keyHint", notNullValue())
        .body("items[1].keyId", notNullValue())
        .body("items[1].actor.subject", equalTo("auth0|sam"))
        .body("items[1].actor.email", equalTo("sam@example.com"))
        .body("items[1].at", notNullValue())
        .body("items[1].id", notNullValue())
        .body("items[2].type", equalTo("ACCOUNT_ID_DISCLOSED"))
        .body("items[2].keyKind", nullValue())
        .body("items[2].keyHint", nullValue())
        .body("items[2].requestId", equalTo("disclose-" + accountId));
  }

  @Test
  void aRefusedChangeLeavesNoAuditRow() {
    String accountId = Accounts.newId();
    Keys.generate(accountId, "api-key");
    int before = auditCount(accountId);
    given().auth().oauth2(Tokens.admin(accountId)).post("/api/v1/credentials/api-key").then().statusCode(409);
    given().auth().oauth2(Tokens.admin(accountId)).delete("/api/v1/credentials/appliance-key").then().statusCode(404);
    given().auth().oauth2(Tokens.admin(accountId)).contentType("application/json").body("{\"graceSeconds\":-1}")
        .post("/api/v1/credentials/api-key/rotation").then().statusCode(400);
    assertEquals(before, auditCount(accountId));
  }

  @Test
  void auditEventsArePagedNewestFirstWithAnOpaqueCursor() {
    String accountId = Accounts.newId();
    String admin = Tokens.admin(accountId);
    for (int i = 0; i < 5; i++) {
      given().auth().oauth2(admin).header("X-Request-Id", "page-" + i)
          .get("/api/v1/credentials/account-id").then().statusCode(200);
    }
    JsonPath first = given().auth().oauth2(admin).queryParam("limit", 2)
        .get("/api/v1/credentials/audit-events").then().statusCode(200)
        .body("items.size()", is(2)).extract().jsonPath();
    assertEquals(List.of("page-4", "page-3"), first.getList("items.requestId"));
    String cursor = first.getString("nextCursor");
    JsonPath second = given().auth().oauth2(admin).queryParam("limit", 2).queryParam("cursor", cursor)
        .get("/api/v1/credentials/audit-events").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("page-2", "page-1"), second.getList("items.requestId"));
    JsonPath third = given().auth().oauth2(admin).queryParam("limit", 2)
        .queryParam("cursor", second.getString("nextCursor"))
        .get("/api/v1/credentials/audit-events").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("page-0"), third.getList("items.requestId"));
    assertEquals(null, third.getString("nextCursor"));

    // a cursor of another account's list reveals nothing of that account
    given().auth().oauth2(Tokens.admin(Accounts.newId())).queryParam("cursor", cursor)
        .get("/api/v1/credentials/audit-events").then().statusCode(200).body("items.size()", is(0));
  }

  private static int auditCount(String accountId) {
    return given().auth().oauth2(Tokens.admin(accountId)).queryParam("limit", 200)
        .get("/api/v1/credentials/audit-events").then().statusCode(200)
        .extract().jsonPath().getList("items").size();
  }
}
