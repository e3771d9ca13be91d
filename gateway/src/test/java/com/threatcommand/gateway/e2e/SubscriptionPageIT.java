package com.threatcommand.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Subscription page in headless Chromium against the real stack: every section shows what the
 * API says, the expiry warnings, the "Administrators only" page, errors a person can read, signing
 * in and out, and the phone-width layout. Screenshots go to target/screenshots.
 */
class SubscriptionPageIT {
  static final NumberFormat NUMBERS = NumberFormat.getIntegerInstance(Locale.US);
  static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);
  static PageDriver page;
  static long started;

  @BeforeAll
  static void browser() {
    started = System.nanoTime();
    page = PageDriver.get();
  }

  @AfterAll
  static void time() {
    System.out.printf("SubscriptionPageIT: browser tests took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @Test
  void everySectionShowsWhatTheApiSaysInTheSeedsOrder() {
    String account = page.goldAccount();
    page.openPageAs(account);
    JsonPath s = page.admin(account).get("/api/v1/subscription").then().statusCode(200).extract().jsonPath();

    List<String> titles =
        page.driver.findElements(By.cssSelector("main section.card > h2")).stream()
            .map(h -> h.getAttribute("textContent")).toList();
    assertEquals(
        List.of("Subscription Type", "System Modules", "Credits", "Expiration Date", "Customer Limitations", "Stored Data", "Downloads"),
        titles);
    assertEquals(s.getString("type"), page.text("subscription-type"));
    assertEquals("ACTIVE", page.text("subscription-status"));

    List<Map<String, Object>> modules = s.getList("modules");
    List<String> included = modules.stream().filter(m -> (Boolean) m.get("included")).map(m -> (String) m.get("code")).toList();
    List<WebElement> chips = page.driver.findElements(By.cssSelector("#included-modules li"));
    assertEquals(included, chips.stream().map(c -> c.getAttribute("data-code")).toList());
    assertEquals(
        modules.stream().filter(m -> (Boolean) m.get("included")).map(m -> (String) m.get("name")).toList(),
        chips.stream().map(WebElement::getText).toList());
    assertTrue(page.driver.findElement(By.id("section-modules")).getText().contains(included.size() + " of " + modules.size() + " modules included"));

    assertEquals(NUMBERS.format(s.getInt("credits.balance")), page.text("credits-balance"));

    WebElement expires = page.driver.findElement(By.id("expires-on"));
    assertEquals(s.getString("expiresOn"), expires.getAttribute("datetime"));
    assertEquals(LocalDate.parse(s.getString("expiresOn")).format(LONG_DATE), expires.getText());
    assertEquals(s.getInt("daysRemaining") + " days remaining", page.text("days-remaining"));
    assertTrue(page.driver.findElements(By.id("expiry-warning")).isEmpty(), "no warning 215 days ahead");

    for (String counter : List.of("assets", "remediations")) {
      WebElement row = page.driver.findElement(By.id("limit-" + counter));
      assertEquals(NUMBERS.format(s.getInt("limitations." + counter + ".used")), row.findElement(By.className("limit-used")).getText());
      assertEquals(NUMBERS.format(s.getInt("limitations." + counter + ".limit")), row.findElement(By.className("limit-max")).getText());
      assertTrue(row.getText().contains(NUMBERS.format(s.getInt("limitations." + counter + ".remaining")) + " remaining"), row.getText());
    }
    assertEquals(s.getString("storedData.location"), page.text("stored-data-location"));
    assertEquals(s.getString("storedData.region"), page.text("stored-data-region"));

    assertEquals(page.admin(account).get("/api/v1/credentials/account-id").jsonPath().getString("accountId"), page.text("account-id"));
    assertEquals("NONE", page.text("key-api-key-status"));
    assertEquals("NONE", page.text("key-appliance-key-status"));
    assertTrue(page.driver.findElement(By.id("generate-api-key")).isDisplayed());
    assertTrue(page.driver.findElement(By.id("download-user-guide")).isDisplayed());
    assertTrue(page.driver.findElement(By.id("download-api-guide")).isDisplayed());
    // a Get More beside modules, credits and each limitation
    assertEquals(
        List.of("MODULES", "CREDITS", "ASSETS", "REMEDIATIONS"),
        page.driver.findElements(By.cssSelector("button.get-more")).stream().map(b -> b.getAttribute("data-category")).toList());
    assertEquals("", page.unnamedControls(), "controls without an accessible name");
    // landmarks: banner, breadcrumb navigation, main, and each section named by its heading
    assertEquals(1L, page.driver.executeScript(
        "return document.querySelectorAll('body > header, body > main, nav[aria-label=Breadcrumb]').length === 3"
            + " && [...document.querySelectorAll('main section')].every(s => document.getElementById(s.getAttribute('aria-labelledby'))) ? 1 : 0"));
    assertEquals("Subscription", page.driver.switchTo().activeElement().getText(), "focus on the page's heading once loaded");
    page.screenshot("page-gold");
  }

  @Test
  void aRichAccountAsInTheReadme() {
    String account = page.goldAccount();
    page.admin(account).post("/api/v1/credentials/api-key").then().statusCode(201);
    page.admin(account).contentType("application/json").body(Map.of("graceSeconds", 86400))
        .post("/api/v1/credentials/api-key/rotation").then().statusCode(201);
    page.admin(account).post("/api/v1/credentials/appliance-key").then().statusCode(201);
    page.openPageAs(account);
    page.await(By.cssSelector("#key-api-key .previous-key"));
    assertEquals("ACTIVE", page.text("key-api-key-status"));
    assertEquals("ACTIVE", page.text("key-appliance-key-status"));
    JsonPath keys = page.admin(account).get("/api/v1/credentials").jsonPath();
    String card = page.text("key-api-key");
    assertTrue(card.contains(keys.getString("apiKey.hint")), card);
    assertTrue(card.contains(keys.getString("apiKey.previous.hint")), card);
    assertTrue(card.contains("ada@customer.example.com"), card);
    assertTrue(card.contains("Never"), "not used yet: " + card);
    page.screenshot("subscription-page");
  }

  @Test
  void theExpiryIsWarnedAboutWhenNearAndWhenPast() {
    String soon = Tenants.newAccount();
    page.provision(soon, "BRONZE", LocalDate.now().plusDays(12), List.of("Discovery"), 10, 5, "AP");
    page.openPageAs(soon);
    assertTrue(page.text("expiry-warning").contains("Expires in 12 days."), page.text("expiry-warning"));
    assertEquals("12 days remaining", page.text("days-remaining"));
    page.screenshot("expiring-soon");

    String expired = Tenants.newAccount();
    page.provision(expired, "GOLD", LocalDate.now().minusDays(30), List.of("Discovery", "IOC"), 100, 25, "US");
    page.openPageAs(expired);
    assertEquals("EXPIRED", page.text("subscription-status"));
    assertTrue(page.text("expiry-warning").contains("Your subscription has expired."), page.text("expiry-warning"));
    assertEquals("Expired", page.text("days-remaining"));
    page.screenshot("expired");
  }

  @Test
  void aLimitThatIsReachedSaysSo() {
    String account = Tenants.newAccount();
    page.provision(account, "GOLD", LocalDate.now().plusDays(100), List.of("Discovery"), 5, 2, "EU");
    page.use(account, "assets", 5);
    page.openPageAs(account);
    WebElement assets = page.driver.findElement(By.id("limit-assets"));
    assertTrue(assets.getText().contains("Limit reached"), assets.getText());
    assertTrue(assets.getAttribute("class").contains("limit-full"));
    assertTrue(page.driver.findElement(By.id("limit-remediations")).getText().contains("2 remaining"));
  }

  @Test
  void aTokenWithoutTheAdminGroupSeesAdministratorsOnly() {
    page.signIn(Tenants.token(page.stack, "back-office", "provisioner", null));
    page.awaitText(By.cssSelector("main h1"), "Administrators only");
    assertTrue(page.driver.findElement(By.tagName("main")).getText().contains("this page is for your account's administrators"));
    assertEquals("Administrators only", page.driver.switchTo().activeElement().getText(), "focus moves to the heading");
    page.screenshot("administrators-only");
    // and back to signing in with another account: the token is gone from the tab
    page.click("switch-account");
    page.await(By.id("token"));
    assertEquals(null, page.driver.executeScript("return sessionStorage.getItem('threatcommand.session.token')"));
  }

  @Test
  void signingOutForgetsTheToken() {
    String account = page.goldAccount();
    page.openPageAs(account);
    assertTrue(page.driver.getCurrentUrl().equals(page.origin() + "/"), "nothing in the URL: " + page.driver.getCurrentUrl());
    assertEquals(1L, page.driver.executeScript("return sessionStorage.length"));
    assertEquals(0L, page.driver.executeScript("return localStorage.length"));
    assertEquals("", page.driver.executeScript("return document.cookie"));
    page.click("sign-out");
    page.await(By.id("token"));
    assertEquals(0L, page.driver.executeScript("return sessionStorage.length"));
    assertTrue(page.driver.findElement(By.tagName("main")).getText().contains("You are signed out."));
    page.driver.navigate().refresh();
    page.await(By.id("token")); // still signed out after a reload
  }

  @Test
  void signInProblemsAreReadable() {
    page.openSignedOut();
    assertEquals("", page.unnamedControls(), "controls without an accessible name");
    assertEquals("token", page.driver.switchTo().activeElement().getAttribute("id"), "focus on the token field");
    page.screenshot("sign-in");
    page.driver.findElement(By.id("token")).sendKeys("not a token");
    page.click("sign-in");
    page.awaitText(By.id("token-error"), "This is not a token");
    assertEquals("true", page.driver.findElement(By.id("token")).getAttribute("aria-invalid"));

    // a well-formed token the gateway refuses (its signature is not the identity provider's)
    String admin = Tenants.admin(page.stack, Tenants.newAccount());
    String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    page.signIn(forged);
    page.awaitText(By.id("token-error"), "Please sign in again");
    String message = page.text("token-error");
    assertTrue(message.contains("The bearer token is invalid or expired."), message);
    assertTrue(message.matches("(?s).*Request ID: [0-9a-f-]{36}.*"), message);
    page.screenshot("sign-in-refused");
  }

  @Test
  void anErrorFromTheApiIsShownAsAReadableSentenceWithItsRequestId() {
    String account = page.goldAccount();
    page.openPageAs(account);
    // another administrator generates the API key meanwhile; this page still offers Generate
    page.admin(account).post("/api/v1/credentials/api-key").then().statusCode(201);
    page.click("generate-api-key");
    // the card is refreshed and now offers Revoke, as API.md says the UI should, with the message
    page.awaitText(By.id("key-api-key-status"), "ACTIVE");
    page.awaitText(By.id("key-api-key-errors"), "already");
    assertTrue(page.driver.findElement(By.id("revoke-api-key")).isDisplayed());
    String message = page.text("key-api-key-errors");
    assertTrue(message.startsWith("The API key was not generated."), message);
    assertTrue(message.contains("Key already exists"), "the problem's title: " + message);
    assertTrue(message.matches("(?s).*Request ID: [0-9a-f-]{36}.*"), message);
    assertFalse(message.contains("409") || message.contains("Exception") || message.contains("{"), message);
    page.screenshot("error-key-already-exists");
  }

  @Test
  void atPhoneWidthNothingOverflowsSideways() {
    String account = page.goldAccount();
    page.openPageAs(account);
    page.browser.resize(Browser.PHONE);
    try {
      page.await(By.id("subscription-type"));
      assertNoHorizontalOverflow();
      page.screenshot("phone");
      page.click("generate-appliance-key");
      page.await(By.id("new-key-value"));
      assertNoHorizontalOverflow();
      Map<?, ?> dialog = (Map<?, ?>) page.driver.executeScript(
          "const r = document.querySelector('dialog[open]').getBoundingClientRect();"
              + "return {left: r.left, right: r.right, width: document.documentElement.clientWidth};");
      assertTrue(((Number) dialog.get("left")).doubleValue() >= 0, dialog.toString());
      assertTrue(((Number) dialog.get("right")).doubleValue() <= ((Number) dialog.get("width")).doubleValue(), dialog.toString());
      page.screenshot("phone-new-key");
      page.click("close-new-key");
    } finally {
      page.browser.resize(Browser.DESKTOP);
    }
  }

  void assertNoHorizontalOverflow() {
    Map<?, ?> sizes = (Map<?, ?>) page.driver.executeScript(
        "const d = document.documentElement;"
            + "const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 0.5)"
            + "  .map(e => e.tagName + '#' + e.id + '.' + e.className);"
            + "return {scroll: d.scrollWidth, client: d.clientWidth, wide: wide.slice(0, 5).join(', ')};");
    assertTrue(
        ((Number) sizes.get("scroll")).longValue() <= ((Number) sizes.get("client")).longValue() && "".equals(sizes.get("wide")),
        "horizontal overflow at phone width: " + sizes);
  }
}
