package com.threatcommand.subscription.upgrade;

import static com.threatcommand.subscription.support.Api.assertInvalid;
import static com.threatcommand.subscription.support.Api.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.subscription.support.Api;
import com.threatcommand.subscription.support.GreenMailResource;
import com.threatcommand.subscription.support.Mails;
import com.threatcommand.testing.MutableClock;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UpgradeRequestApiTest {
  private static final String PATH = "/api/v1/subscription/upgrade-requests";

  @Inject MutableClock clock;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private static Response post(String token, String body) {
    return given().auth().oauth2(token).contentType("application/json").body(body).post(PATH);
  }

  private static String messageId(String requestId) {
    return "<upgrade-request." + requestId + "@subscription.threatcommand.io>";
  }

  private static MimeMessage awaitMail(String requestId) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> !GreenMailResource.withMessageId(messageId(requestId)).isEmpty());
    List<MimeMessage> copies = GreenMailResource.withMessageId(messageId(requestId));
    assertEquals(1, copies.size());
    return copies.get(0);
  }

  @Test
  void creditsRequestIsStoredThenSentToSalesWithEverythingTheyNeed() throws Exception {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 100, 25, "Discovery");
    Api.grant(account, 120);
    String token = Tokens.admin(account, "auth0|alice", "alice@example.com", "Alice Example");
    JsonPath created = post(token,
            "{\"category\":\"CREDITS\",\"quantity\":500,\"message\":\"Two more subsidiaries <b>soon</b>\"}")
        .then().statusCode(202).contentType("application/json")
        .body("id", notNullValue())
        .body("category", equalTo("CREDITS"))
        .body("modules", empty())
        .body("quantity", is(500))
        .body("message", equalTo("Two more subsidiaries <b>soon</b>"))
        .body("status", equalTo("PENDING"))
        .body("requestedBy.subject", equalTo("auth0|alice"))
        .body("requestedBy.email", equalTo("alice@example.com"))
        .body("requestedBy.name", equalTo("Alice Example"))
        .body("createdAt", notNullValue())
        .body("sentAt", nullValue())
        .extract().jsonPath();
    String id = created.getString("id");

    MimeMessage mail = awaitMail(id);
    assertEquals("sales@threatcommand.test", ((InternetAddress) mail.getAllRecipients()[0]).getAddress());
    assertEquals("alice@example.com", ((InternetAddress) mail.getReplyTo()[0]).getAddress());
    assertEquals(messageId(id), mail.getMessageID());
    assertTrue(mail.getSubject().contains("500 more credits"), mail.getSubject());
    assertTrue(mail.getSubject().contains(account), mail.getSubject());
    String text = Mails.text(mail);
    String html = Mails.html(mail);
    assertNotNull(text);
    assertNotNull(html);
    for (String expected : List.of(account, "GOLD", "auth0|alice", "Alice Example",
        "alice@example.com", "500 more credits", "balance 120 credits", id)) {
      assertTrue(text.contains(expected), () -> "text lacks " + expected + ":\n" + text);
      assertTrue(html.contains(expected), () -> "html lacks " + expected + ":\n" + html);
    }
    assertTrue(text.contains("Two more subsidiaries <b>soon</b>"), text);
    // The customer's text is escaped in HTML, never markup.
    assertTrue(html.contains("Two more subsidiaries &lt;b&gt;soon&lt;/b&gt;"), html);
    assertFalse(html.contains("<b>soon</b>"), html);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        given().auth().oauth2(token).get(PATH + "/{id}", id).then().statusCode(200)
            .body("status", equalTo("SENT")).body("sentAt", notNullValue())
            .body("createdAt", equalTo(created.getString("createdAt"))));
  }

  @Test
  void eachCategoryStatesWhatWasAskedAndTheCurrentValue() throws Exception {
    String account = Accounts.provisioned("PLATINUM", "2030-01-01", 100, 25, "Discovery", "IOC");
    Api.usage(account, "assets", 40).then().statusCode(200);
    Api.usage(account, "remediations", 3).then().statusCode(200);
    String token = Tokens.admin(account, "sub-without-email", null, null);
    String modules = post(token, "{\"category\":\"MODULES\",\"modules\":[\"IntelliFind\",\"Cve\"]}")
        .then().statusCode(202).body("modules", contains("IntelliFind", "Cve"))
        .body("quantity", nullValue()).body("message", nullValue())
        .body("requestedBy.email", nullValue()).extract().path("id");
    String assets = post(token, "{\"category\":\"ASSETS\",\"quantity\":250}")
        .then().statusCode(202).extract().path("id");
    String remediations = post(token, "{\"category\":\"REMEDIATIONS\",\"quantity\":10}")
        .then().statusCode(202).extract().path("id");

    MimeMessage m = awaitMail(modules);
    String text = Mails.text(m);
    assertTrue(text.contains("modules IntelliFind (IntelliFind), CVE Intelligence (Cve)"), text);
    assertTrue(text.contains("included modules: Discovery (Discovery), IOC Management (IOC)"), text);
    assertTrue(text.contains("PLATINUM"), text);
    // No email known: no Reply-To pointing anywhere but the sender.
    assertEquals(null, m.getHeader("Reply-To"));
    String a = Mails.text(awaitMail(assets));
    assertTrue(a.contains("250 more assets"), a);
    assertTrue(a.contains("limit 100, used 40 (60 remaining)"), a);
    String r = Mails.text(awaitMail(remediations));
    assertTrue(r.contains("10 more remediations"), r);
    assertTrue(r.contains("limit 25, used 3 (22 remaining)"), r);
  }

  @Test
  void listIsNewestFirstWithCursorPagingAndOneCanBeRead() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 100, 25);
    String token = Tokens.admin(account);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ids.add(0, post(token, "{\"category\":\"CREDITS\",\"quantity\":" + i + "}")
          .then().statusCode(202).extract().path("id"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      var request = given().auth().oauth2(token).queryParam("limit", 2);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      JsonPath page = request.get(PATH).then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.id"));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertEquals(ids, seen);
    given().auth().oauth2(token).get(PATH).then().statusCode(200)
        .body("items", hasSize(5)).body("items[0].quantity", is(5)).body("nextCursor", nullValue());
    given().auth().oauth2(token).get(PATH + "/{id}", ids.get(2)).then().statusCode(200)
        .body("id", equalTo(ids.get(2))).body("quantity", is(3));
    assertProblem(given().auth().oauth2(token).get(PATH + "/{id}", "not-a-uuid"), 400, "validation-failed");
    assertProblem(given().auth().oauth2(token).get(PATH + "/{id}", "1-1-1-1-1"), 400, "validation-failed");
    assertProblem(given().auth().oauth2(token).get(PATH + "/{id}", java.util.UUID.randomUUID()), 404, "not-found");
    for (String limit : List.of("0", "201", "x")) {
      assertInvalid(given().auth().oauth2(token).queryParam("limit", limit).get(PATH), "limit");
    }
    // A cursor of the credit ledger is not a cursor of this list.
    assertInvalid(given().auth().oauth2(token).queryParam("cursor", "Y3JlZGl0czo1").get(PATH), "cursor");
    given().auth().oauth2(Tokens.admin(Accounts.newId())).get(PATH).then().statusCode(200)
        .body("items", empty());
  }

  @Test
  void badRequestsAreRefusedWithTheField() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 100, 25, "Discovery", "IOC");
    String token = Tokens.admin(account);
    String[][] cases = {
        {"{\"quantity\":5}", "category"},
        {"{\"category\":\"DISCOUNT\",\"quantity\":5}", "category"},
        {"{\"category\":3,\"quantity\":5}", "category"},
        {"{\"category\":\"MODULES\"}", "modules"},
        {"{\"category\":\"MODULES\",\"modules\":[]}", "modules"},
        {"{\"category\":\"MODULES\",\"modules\":[\"Teleport\"]}", "modules[0]"},
        {"{\"category\":\"MODULES\",\"modules\":[\"Cve\",\"Cve\"]}", "modules[1]"},
        {"{\"category\":\"MODULES\",\"modules\":[\"Cve\",\"IOC\"]}", "modules[1]"},
        {"{\"category\":\"MODULES\",\"modules\":[\"\"]}", "modules[0]"},
        {"{\"category\":\"MODULES\",\"modules\":\"Cve\"}", "modules"},
        {"{\"category\":\"MODULES\",\"modules\":[\"Cve\"],\"quantity\":1}", "quantity"},
        {"{\"category\":\"CREDITS\"}", "quantity"},
        {"{\"category\":\"CREDITS\",\"quantity\":0}", "quantity"},
        {"{\"category\":\"CREDITS\",\"quantity\":1000001}", "quantity"},
        {"{\"category\":\"ASSETS\",\"quantity\":-5}", "quantity"},
        {"{\"category\":\"ASSETS\",\"quantity\":\"5\"}", "quantity"},
        {"{\"category\":\"ASSETS\",\"quantity\":2.5}", "quantity"},
        {"{\"category\":\"REMEDIATIONS\",\"quantity\":5,\"modules\":[\"Cve\"]}", "modules"},
        {"{\"category\":\"CREDITS\",\"quantity\":5,\"message\":\"" + "m".repeat(2001) + "\"}", "message"},
        {"{\"category\":\"CREDITS\",\"quantity\":5,\"urgent\":true}", "urgent"},
        {"{\"category\":\"CREDITS\",\"quantity\":5,\"message\":42}", "message"},
        {"[]", null},
        {"", null},
    };
    for (String[] c : cases) {
      assertInvalid(post(token, c[0]), c[1]);
    }
    assertProblem(post(token, "{\"category\":"), 400, "malformed-json");
    assertProblem(given().auth().oauth2(token).contentType("text/plain").body("{}").post(PATH), 415,
        "unsupported-media-type");
    assertProblem(post(token, "{\"message\":\"" + "m".repeat(70 * 1024) + "\"}"), 413, "payload-too-large");
    assertProblem(post(Tokens.admin(Accounts.newId()), "{\"category\":\"CREDITS\",\"quantity\":5}"), 404,
        "subscription-not-found");
    given().auth().oauth2(token).get(PATH).then().body("items", empty());
    // The longest message and the largest quantity are fine; so is asking more of an expired plan.
    post(token, "{\"category\":\"CREDITS\",\"quantity\":1000000,\"message\":\"" + "m".repeat(2000) + "\"}")
        .then().statusCode(202);
    String expired = Accounts.provisioned("GOLD", "2020-01-01", 1, 1);
    post(Tokens.admin(expired), "{\"category\":\"MODULES\",\"modules\":[\"Cve\"]}").then().statusCode(202);
  }

  @Test
  void twentyPerAccountPerRollingHourThen429WithRetryAfter() {
    String account = Accounts.provisioned("GOLD", "2030-01-01", 100, 25);
    String other = Accounts.provisioned("GOLD", "2030-01-01", 100, 25);
    String token = Tokens.admin(account);
    clock.setInstant(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    for (int i = 0; i < 20; i++) {
      post(token, "{\"category\":\"CREDITS\",\"quantity\":1}").then().statusCode(202);
    }
    assertProblem(post(token, "{\"category\":\"CREDITS\",\"quantity\":1}"), 429, "rate-limited")
        .header("Retry-After", equalTo("3600"));
    // Another account is not affected; a refused request was not stored.
    post(Tokens.admin(other), "{\"category\":\"CREDITS\",\"quantity\":1}").then().statusCode(202);
    given().auth().oauth2(token).queryParam("limit", 200).get(PATH).then().body("items", hasSize(20));
    // A rolling hour: one second before the first 20 leave the window, still refused.
    clock.advance(Duration.ofSeconds(3599));
    assertProblem(post(token, "{\"category\":\"CREDITS\",\"quantity\":1}"), 429, "rate-limited")
        .header("Retry-After", equalTo("1"));
    clock.advance(Duration.ofSeconds(1));
    post(token, "{\"category\":\"CREDITS\",\"quantity\":1}").then().statusCode(202);
  }

  @Test
  void admin_sees_only_own_requests_when_tenants_differ() {
    String a = Accounts.provisioned("GOLD", "2030-01-01", 100, 25);
    String b = Accounts.provisioned("GOLD", "2030-01-01", 100, 25);
    String idA = post(Tokens.admin(a), "{\"category\":\"CREDITS\",\"quantity\":7}")
        .then().statusCode(202).extract().path("id");
    given().auth().oauth2(Tokens.admin(b)).get(PATH).then().statusCode(200).body("items", empty());
    assertProblem(given().auth().oauth2(Tokens.admin(b)).get(PATH + "/{id}", idA), 404, "not-found");
    given().auth().oauth2(Tokens.admin(a)).get(PATH + "/{id}", idA).then().statusCode(200);
    given().auth().oauth2(Tokens.admin(a)).get(PATH).then().body("items.id", contains(idA));
    // The body's text never reaches another account's email either.
    String mailText = Mails.text(awaitMail(idA));
    assertTrue(mailText.contains(a) && !mailText.contains(b), mailText);
  }

  @Test
  void subjectMentionsTheAccountAndNeverCarriesCustomerText() throws Exception {
    String account = Accounts.provisioned("BRONZE", "2030-01-01", 100, 25);
    String id = post(Tokens.admin(account, "s", "x@example.com\r\nBcc: evil@example.com", "N"),
            "{\"category\":\"CREDITS\",\"quantity\":9,\"message\":\"line1\\r\\nSubject: spoofed\"}")
        .then().statusCode(202).extract().path("id");
    MimeMessage mail = awaitMail(id);
    assertTrue(mail.getSubject().startsWith("Get More: 9 more credits for account " + account), mail.getSubject());
    assertEquals(null, mail.getHeader("Bcc"));
    // An email claim that is not a plain address is not used as Reply-To.
    assertEquals(null, mail.getHeader("Reply-To"));
    assertEquals(1, mail.getAllRecipients().length);
  }
}
