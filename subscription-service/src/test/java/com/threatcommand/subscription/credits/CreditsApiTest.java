package com.threatcommand.subscription.credits;

import static com.threatcommand.subscription.support.Api.assertInvalid;
import static com.threatcommand.subscription.support.Api.assertProblem;
import static com.threatcommand.subscription.support.Api.key;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Api;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CreditsApiTest {
  private static final String DEBIT = "{\"amount\":5,\"purpose\":\"RESEARCH\",\"reference\":\"task-1\"}";

  @Inject MutableClock clock;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void grantAddsToTheBalanceAndTheLedger() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .header("Idempotency-Key", key())
        .body("{\"amount\":120,\"reason\":\"Q3 top-up\"}")
        .post("/api/v1/provisioning/accounts/{id}/credits/grants", account)
        .then().statusCode(201)
        .body("balance", is(120))
        .body("transaction.kind", equalTo("GRANT"))
        .body("transaction.amount", is(120))
        .body("transaction.balanceAfter", is(120))
        .body("transaction.purpose", nullValue())
        .body("transaction.reference", equalTo("Q3 top-up"))
        .body("transaction.actor.kind", equalTo("provisioner"))
        .body("transaction.actor.subject", equalTo("back-office"))
        .body("transaction.id", notNullValue())
        .body("transaction.createdAt", notNullValue());
    assertEquals(120, Api.balance(account));
  }

  @Test
  void adminDebitLowersTheBalanceAndRecordsWhoDidIt() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 120);
    given().auth().oauth2(Tokens.admin(account, "auth0|alice", "alice@example.com", "Alice"))
        .contentType("application/json").header("Idempotency-Key", key()).body(DEBIT)
        .post("/api/v1/subscription/credits/debits")
        .then().statusCode(201)
        .contentType("application/json")
        .body("balance", is(115))
        .body("transaction.kind", equalTo("DEBIT"))
        .body("transaction.amount", is(5))
        .body("transaction.balanceAfter", is(115))
        .body("transaction.purpose", equalTo("RESEARCH"))
        .body("transaction.reference", equalTo("task-1"))
        .body("transaction.actor.kind", equalTo("admin"))
        .body("transaction.actor.subject", equalTo("auth0|alice"))
        .body("transaction.actor.email", equalTo("alice@example.com"));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription")
        .then().body("credits.balance", is(115));
  }

  @Test
  void integratorDebitsWithTheApiKey() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 10);
    given().auth().oauth2(Tokens.apiKey(account)).contentType("application/json")
        .header("Idempotency-Key", key())
        .body("{\"amount\":10,\"purpose\":\"DARK_WEB_PURCHASE\"}")
        .post("/public/v1/account/credits/debits")
        .then().statusCode(201)
        .body("balance", is(0))
        .body("transaction.purpose", equalTo("DARK_WEB_PURCHASE"))
        .body("transaction.reference", nullValue())
        .body("transaction.actor.kind", equalTo("api-key"))
        .body("transaction.actor.subject", equalTo("api-key:key-1"));
    assertEquals(0, Api.balance(account));
  }

  @Test
  void debitThatDoesNotFitChangesNothing() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 4);
    assertProblem(Api.debit(Tokens.admin(account), key(), DEBIT), 409, "insufficient-credits");
    assertProblem(
        given().auth().oauth2(Tokens.apiKey(account)).contentType("application/json")
            .header("Idempotency-Key", key()).body(DEBIT).post("/public/v1/account/credits/debits"),
        409, "insufficient-credits");
    assertEquals(4, Api.balance(account));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/credits/transactions")
        .then().statusCode(200).body("items", hasSize(1)).body("items[0].kind", equalTo("GRANT"));
  }

  @Test
  void debitIsRefusedFromTheDayAfterExpiresOnButGrantsStillWork() {
    String account = Accounts.provisioned("GOLD", "2030-06-30", 10, 5);
    Api.grant(account, 100);
    clock.setInstant(Instant.parse("2030-06-30T23:59:59Z"));
    Api.debit(Tokens.admin(account), key(), DEBIT).then().statusCode(201).body("balance", is(95));
    clock.setInstant(Instant.parse("2030-07-01T00:00:00Z"));
    assertProblem(Api.debit(Tokens.admin(account), key(), DEBIT), 409, "subscription-expired");
    assertProblem(
        given().auth().oauth2(Tokens.apiKey(account)).contentType("application/json")
            .header("Idempotency-Key", key()).body(DEBIT).post("/public/v1/account/credits/debits"),
        409, "subscription-expired");
    assertEquals(95, Api.balance(account));
    // A renewal may come with credits: granting is not consumption.
    assertEquals(105, Api.grant(account, 10));
  }

  @Test
  void unprovisionedAccountsGetSubscriptionNotFound() {
    String account = Accounts.newId();
    assertProblem(Api.debit(Tokens.admin(account), key(), DEBIT), 404, "subscription-not-found");
    assertProblem(
        given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
            .header("Idempotency-Key", key()).body("{\"amount\":1}")
            .post("/api/v1/provisioning/accounts/{id}/credits/grants", account),
        404, "subscription-not-found");
    assertProblem(
        given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/credits/transactions"),
        404, "subscription-not-found");
  }

  @Test
  void transactionsArePagedNewestFirstWithAnOpaqueCursor() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    for (int i = 1; i <= 6; i++) {
      Api.debit(Tokens.admin(account), key(),
              "{\"amount\":" + i + ",\"purpose\":\"RESEARCH\",\"reference\":\"r" + i + "\"}")
          .then().statusCode(201);
    }
    List<String> references = new ArrayList<>();
    List<Integer> balances = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var request = given().auth().oauth2(Tokens.admin(account)).queryParam("limit", 3);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get("/api/v1/subscription/credits/transactions")
          .then().statusCode(200).extract().jsonPath();
      references.addAll(page.getList("items.reference"));
      balances.addAll(page.getList("items.balanceAfter"));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertEquals(3, pages);
    assertEquals(List.of("r6", "r5", "r4", "r3", "r2", "r1", "test"), references);
    assertEquals(List.of(79, 85, 90, 94, 97, 99, 100), balances);

    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription/credits/transactions")
        .then().statusCode(200).body("items", hasSize(7)).body("nextCursor", nullValue())
        .body("items.kind", contains("DEBIT", "DEBIT", "DEBIT", "DEBIT", "DEBIT", "DEBIT", "GRANT"));
    given().auth().oauth2(Tokens.admin(account)).queryParam("limit", 7)
        .get("/api/v1/subscription/credits/transactions")
        .then().statusCode(200).body("items", hasSize(7)).body("nextCursor", nullValue());
    given().auth().oauth2(Tokens.admin(account)).queryParam("limit", 200)
        .get("/api/v1/subscription/credits/transactions").then().statusCode(200);
  }

  @Test
  void transactionListRejectsBadPaging() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    String token = Tokens.admin(account);
    for (String limit : List.of("0", "201", "-1", "abc", "1.5", "99999999999")) {
      assertInvalid(given().auth().oauth2(token).queryParam("limit", limit)
          .get("/api/v1/subscription/credits/transactions"), "limit");
    }
    for (String cursor : List.of("garbage!", "dXBncmFkZXM6MTI", "Y3JlZGl0czotNQ", "x".repeat(100))) {
      assertInvalid(given().auth().oauth2(token).queryParam("cursor", cursor)
          .get("/api/v1/subscription/credits/transactions"), "cursor");
    }
  }

  @Test
  void debitRejectsBadInput() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String token = Tokens.admin(account);
    assertInvalid(Api.debit(token, key(), "{\"purpose\":\"RESEARCH\"}"), "amount");
    assertInvalid(Api.debit(token, key(), "{\"amount\":0,\"purpose\":\"RESEARCH\"}"), "amount");
    assertInvalid(Api.debit(token, key(), "{\"amount\":-3,\"purpose\":\"RESEARCH\"}"), "amount");
    assertInvalid(Api.debit(token, key(), "{\"amount\":1000001,\"purpose\":\"RESEARCH\"}"), "amount");
    assertInvalid(Api.debit(token, key(), "{\"amount\":\"5\",\"purpose\":\"RESEARCH\"}"), "amount");
    assertInvalid(Api.debit(token, key(), "{\"amount\":1.5,\"purpose\":\"RESEARCH\"}"), "amount");
    assertInvalid(Api.debit(token, key(), "{\"amount\":100000000000000000000000,\"purpose\":\"RESEARCH\"}"), null);
    assertInvalid(Api.debit(token, key(), "{\"amount\":5}"), "purpose");
    assertInvalid(Api.debit(token, key(), "{\"amount\":5,\"purpose\":\"SHOPPING\"}"), "purpose");
    assertInvalid(Api.debit(token, key(), "{\"amount\":5,\"purpose\":7}"), "purpose");
    assertInvalid(Api.debit(token, key(),
        "{\"amount\":5,\"purpose\":\"RESEARCH\",\"reference\":\"" + "r".repeat(201) + "\"}"), "reference");
    assertInvalid(Api.debit(token, key(), "{\"amount\":5,\"purpose\":\"RESEARCH\",\"tip\":1}"), "tip");
    assertInvalid(Api.debit(token, key(), "[]"), null);
    assertInvalid(Api.debit(token, key(), ""), null);
    assertProblem(Api.debit(token, key(), "{\"amount\":5,"), 400, "malformed-json");
    assertProblem(given().auth().oauth2(token).contentType("text/plain").header("Idempotency-Key", key())
        .body(DEBIT).post("/api/v1/subscription/credits/debits"), 415, "unsupported-media-type");
    assertProblem(Api.debit(token, key(), "{\"reference\":\"" + "x".repeat(70 * 1024) + "\"}"),
        413, "payload-too-large");
    assertProblem(Api.debit(token, null, DEBIT), 400, "idempotency-key-required");
    assertInvalid(Api.debit(token, "k".repeat(256), DEBIT), "Idempotency-Key");
    assertInvalid(Api.debit(token, "tab\tinside", DEBIT), "Idempotency-Key");
    assertProblem(given().auth().oauth2(token).get("/api/v1/subscription/credits/debits"),
        405, "method-not-allowed");
    // Nothing above debited anything.
    assertEquals(100, Api.balance(account));
    // The longest valid key works.
    Api.debit(token, "k".repeat(255), DEBIT).then().statusCode(201);
  }

  @Test
  void grantRejectsBadInput() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    String path = "/api/v1/provisioning/accounts/{id}/credits/grants";
    for (String[] c : new String[][] {
        {"{}", "amount"}, {"{\"amount\":0}", "amount"}, {"{\"amount\":1000001}", "amount"},
        {"{\"amount\":\"ten\"}", "amount"}, {"{\"amount\":2.5}", "amount"},
        {"{\"amount\":5,\"reason\":\"" + "r".repeat(201) + "\"}", "reason"},
        {"{\"amount\":5,\"extra\":true}", "extra"}, {"{\"amount\":5,\"reason\":7}", "reason"}}) {
      assertInvalid(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
          .header("Idempotency-Key", key()).body(c[0]).post(path, account), c[1]);
    }
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .header("Idempotency-Key", key()).body("{\"amount\":").post(path, account), 400, "malformed-json");
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .body("{\"amount\":5}").post(path, account), 400, "idempotency-key-required");
    assertInvalid(given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .header("Idempotency-Key", key()).body("{\"amount\":5}").post(path, "bad id!"), "accountId");
    assertProblem(given().auth().oauth2(Tokens.provisioner()).contentType("application/xml")
        .header("Idempotency-Key", key()).body("<amount>5</amount>").post(path, account), 415,
        "unsupported-media-type");
    assertEquals(0, Api.balance(account));
    given().auth().oauth2(Tokens.provisioner()).contentType("application/json")
        .header("Idempotency-Key", key()).body("{\"amount\":1000000}").post(path, account)
        .then().statusCode(201).body("balance", is(1000000)).body("transaction.reference", nullValue());
  }
}
