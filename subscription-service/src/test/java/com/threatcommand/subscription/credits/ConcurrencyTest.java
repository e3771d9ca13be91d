package com.threatcommand.subscription.credits;

import static com.threatcommand.subscription.support.Api.key;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Api;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Many callers at once, against the real database: nothing is overdrawn, exceeded or doubled. */
@QuarkusTest
class ConcurrencyTest {

  @Test
  void fiftyParallelDebitsAgainstABalanceForTwentyLetExactlyTwentyThrough() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 20);
    String token = Tokens.admin(account);
    List<Response> responses =
        inParallel(50, () -> Api.debit(token, key(), "{\"amount\":1,\"purpose\":\"RESEARCH\"}"));

    assertEquals(20, count(responses, 201));
    assertEquals(30, count(responses, 409));
    responses.stream().filter(r -> r.statusCode() == 409)
        .forEach(r -> assertTrue(r.jsonPath().getString("type").endsWith("/insufficient-credits")));
    assertEquals(0, Api.balance(account));

    JsonPath ledger = given().auth().oauth2(token).queryParam("limit", 200)
        .get("/api/v1/subscription/credits/transactions").then().statusCode(200).extract().jsonPath();
    List<Integer> amounts = ledger.getList("items.amount");
    List<String> kinds = ledger.getList("items.kind");
    List<Integer> after = ledger.getList("items.balanceAfter");
    assertEquals(21, amounts.size());
    long granted = 0;
    long debited = 0;
    for (int i = 0; i < kinds.size(); i++) {
      if (kinds.get(i).equals("GRANT")) {
        granted += amounts.get(i);
      } else {
        debited += amounts.get(i);
      }
    }
    assertEquals(20, granted);
    assertEquals(20, debited);
    // Each debit saw its own balance: 19, 18, ..., 0 newest last, none twice.
    assertEquals(20, new HashSet<>(after.subList(0, 20)).size());
    assertEquals(0, after.get(0));
  }

  @Test
  void fiftyParallelConsumesAgainstTenRemainingLetExactlyTenThrough() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 30, 5);
    Api.usage(account, "assets", 20).then().statusCode(200);
    List<Response> responses = inParallel(50, () -> Api.usage(account, "assets", 1));
    assertEquals(10, count(responses, 200));
    assertEquals(40, count(responses, 409));
    responses.stream().filter(r -> r.statusCode() == 409)
        .forEach(r -> assertTrue(r.jsonPath().getString("type").endsWith("/limit-exceeded")));
    given().auth().oauth2(Tokens.admin(account)).get("/api/v1/subscription").then()
        .body("limitations.assets.used", org.hamcrest.Matchers.is(30))
        .body("limitations.assets.remaining", org.hamcrest.Matchers.is(0));
  }

  @Test
  void oneKeySentTwentyTimesInParallelDebitsOnce() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 10, 5);
    Api.grant(account, 100);
    String token = Tokens.admin(account);
    String key = key();
    List<Response> responses =
        inParallel(20, () -> Api.debit(token, key, "{\"amount\":5,\"purpose\":\"RESEARCH\"}"));

    List<Response> originals = new ArrayList<>();
    List<Response> replays = new ArrayList<>();
    for (Response r : responses) {
      if (r.statusCode() == 201) {
        ("true".equals(r.header("Idempotent-Replayed")) ? replays : originals).add(r);
      } else {
        assertEquals(409, r.statusCode(), r.asString());
        assertTrue(r.jsonPath().getString("type").endsWith("/idempotency-in-progress"));
      }
    }
    assertEquals(1, originals.size());
    for (Response replay : replays) {
      assertArrayEquals(originals.get(0).asByteArray(), replay.asByteArray());
    }
    assertEquals(95, Api.balance(account));
    given().auth().oauth2(token).get("/api/v1/subscription/credits/transactions").then()
        .body("items.kind", org.hamcrest.Matchers.contains("DEBIT", "GRANT"));
  }

  private static List<Response> inParallel(int n, Supplier<Response> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return call.get();
        }));
      }
      start.countDown();
      List<Response> responses = new ArrayList<>();
      for (Future<Response> f : futures) {
        responses.add(f.get(60, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long count(List<Response> responses, int status) {
    return responses.stream().filter(r -> r.statusCode() == status).count();
  }
}
