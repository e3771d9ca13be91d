package com.threatcommand.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' access to the page: one headless Chromium for all of them, on the one
 * end-to-end stack, closed when the test JVM exits. Signing in is what a person does: open the
 * page, paste the token, press Sign in.
 */
final class PageDriver {
  static final Duration WAIT = Duration.ofSeconds(15);
  private static PageDriver instance;

  final Stack stack;
  final Browser browser;
  final ChromeDriver driver;

  static synchronized PageDriver get() {
    Browser.assumeInstalled();
    if (instance == null) {
      Stack stack = Stack.get();
      try {
        instance = new PageDriver(stack, new Browser(stack.work, stack.work.resolve("../screenshots").normalize()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance.browser::close, "e2e-browser-stop"));
    }
    return instance;
  }

  private PageDriver(Stack stack, Browser browser) {
    this.stack = stack;
    this.browser = browser;
    this.driver = browser.driver;
  }

  String origin() {
    return stack.gateway();
  }

  /** Opens the page signed out (this tab's session storage cleared) and at desktop size. */
  void openSignedOut() {
    browser.resize(Browser.DESKTOP);
    driver.get(origin() + "/");
    driver.executeScript("sessionStorage.clear(); localStorage.clear();");
    driver.navigate().refresh();
    await(By.id("token"));
  }

  /** Pastes the token into the sign-in form and signs in. */
  void signIn(String token) {
    openSignedOut();
    WebElement field = driver.findElement(By.id("token"));
    field.sendKeys(token);
    driver.findElement(By.id("sign-in")).click();
  }

  /** Signs in as the account's administrator and waits for the page. */
  void openPageAs(String account) {
    signIn(Tenants.admin(stack, account));
    await(By.id("subscription-type"));
  }

  WebElement await(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void awaitGone(By by) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(by));
  }

  void awaitText(By by, String text) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  void click(String id) {
    await(By.id(id)).click();
  }

  /**
   * Every control on the page (or in the open dialog) has an accessible name (a label, an
   * aria-label or its text) and every dialog a title; returns what lacks one.
   */
  String unnamedControls() {
    return (String) driver.executeScript(
        "const scope = document.querySelector('dialog[open]') || document;"
            + "const bad = [...scope.querySelectorAll('button, input, textarea, select, a[href]')]"
            + "  .filter(e => e.getClientRects().length > 0)"
            + "  .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')"
            + "    || e.textContent.trim() || (e.closest('label'))))"
            + "  .map(e => e.outerHTML.slice(0, 80));"
            + "document.querySelectorAll('dialog[open]').forEach(d => {"
            + "  const t = d.getAttribute('aria-labelledby'); if (!t || !document.getElementById(t)) bad.push('dialog without title'); });"
            + "return bad.join(' | ');");
  }

  Path screenshot(String name) {
    return browser.screenshot(name);
  }

  // --- the API beside the page -------------------------------------------------------------------

  RequestSpecification api() {
    return given().baseUri(origin());
  }

  RequestSpecification admin(String account) {
    return api().auth().oauth2(Tenants.admin(stack, account));
  }

  /** A subscription set up by the back office, as Sales would. */
  void provision(String account, String type, LocalDate expiresOn, List<String> modules, int assets, int remediations, String region) {
    api()
        .auth().oauth2(Tenants.token(stack, "back-office", "provisioner", null))
        .contentType("application/json")
        .body(
            Map.of(
                "type", type,
                "expiresOn", expiresOn.toString(),
                "modules", modules,
                "limits", Map.of("assets", assets, "remediations", remediations),
                "storedDataRegion", region))
        .put("/api/v1/provisioning/accounts/" + account + "/subscription")
        .then()
        .statusCode(anyOf(equalTo(200), equalTo(201)));
  }

  void grant(String account, int credits) {
    api()
        .auth().oauth2(Tenants.token(stack, "back-office", "provisioner", null))
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .contentType("application/json")
        .body(Map.of("amount", credits, "reason", "welcome credits"))
        .post("/api/v1/provisioning/accounts/" + account + "/credits/grants")
        .then()
        .statusCode(201);
  }

  void use(String account, String counter, int delta) {
    api()
        .auth().oauth2(Tenants.token(stack, "back-office", "provisioner", null))
        .contentType("application/json")
        .body(Map.of("delta", delta))
        .post("/api/v1/provisioning/accounts/" + account + "/usage/" + counter)
        .then()
        .statusCode(200);
  }

  /** An account like the demo GOLD one: four modules, 120 credits, assets 100/40, remediations 25/3, EU. */
  String goldAccount() {
    String account = Tenants.newAccount();
    provision(account, "GOLD", LocalDate.now().plusDays(215),
        List.of("Discovery", "IOC", "ThreatLibrary", "InvestigationPage"), 100, 25, "EU");
    grant(account, 120);
    use(account, "assets", 40);
    use(account, "remediations", 3);
    return account;
  }

  int testCredentials(String path, String account, String key) {
    return api().header("Authorization", Tenants.basic(account, key)).head(path).statusCode();
  }
}
