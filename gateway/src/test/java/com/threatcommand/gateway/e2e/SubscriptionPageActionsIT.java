package com.threatcommand.gateway.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * What an administrator does on the page, in headless Chromium against the real stack: generate a
 * key, copy it, use it, revoke it (after cancelling once); rotate with a grace period; ask Sales
 * for more and see the email arrive; download both documents and look inside them.
 */
class SubscriptionPageActionsIT {
  static final String PUBLIC_TEST = "/public/v1/test-credentials";
  static final String APPLIANCE_TEST = "/appliance/v1/test-credentials";
  static PageDriver page;
  static long started;

  @BeforeAll
  static void browser() {
    started = System.nanoTime();
    page = PageDriver.get();
  }

  @AfterAll
  static void time() {
    System.out.printf("SubscriptionPageActionsIT: browser tests took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @Test
  void anApiKeyIsShownOnceCopiedUsedAndRevokedAfterAConfirmation() {
    String account = page.goldAccount();
    page.openPageAs(account);
    page.browser.grantClipboard(page.origin());

    page.click("generate-api-key");
    String key = page.await(By.id("new-key-value")).getDomProperty("value");
    assertTrue(key.matches("tcak_[0-9A-Za-z]{49}"), key);
    assertEquals(account, page.driver.findElement(By.id("new-key-account")).getDomProperty("value"));
    assertEquals("copy-new-key", page.driver.switchTo().activeElement().getAttribute("id"), "focus on Copy");
    assertEquals("", page.unnamedControls(), "controls without an accessible name");
    page.screenshot("new-key-dialog");

    page.click("copy-new-key");
    page.awaitText(By.id("copy-status"), "copied to the clipboard");
    assertEquals("copied", page.driver.findElement(By.id("copy-status")).getAttribute("data-result"));
    assertEquals(key, page.browser.clipboard(), "the clipboard holds the key");

    // the key works for an integrator, and the page keeps it nowhere
    assertEquals(200, page.testCredentials(PUBLIC_TEST, account, key));
    assertKeyKeptNowhere(key);
    page.click("close-new-key");
    page.awaitGone(By.id("new-key-value"));
    String html = (String) page.driver.executeScript("return document.documentElement.outerHTML");
    assertFalse(html.contains(key), "the key is gone from the page once the dialog closed");
    assertKeyKeptNowhere(key);
    assertEquals("rotate-api-key", page.driver.switchTo().activeElement().getAttribute("id"), "focus back on the key card");
    JsonPath keys = page.admin(account).get("/api/v1/credentials").jsonPath();
    assertEquals("ACTIVE", page.text("key-api-key-status"));
    assertTrue(page.text("key-api-key").contains(keys.getString("apiKey.hint")));

    // Revoke, then Cancel: nothing happens
    page.click("revoke-api-key");
    String warning = page.await(By.cssSelector("dialog[open]")).getText();
    assertTrue(warning.contains("Integrations will break."), warning);
    assertEquals("cancel-revoke", page.driver.switchTo().activeElement().getAttribute("id"), "the safe choice has focus");
    page.screenshot("revoke-confirmation");
    page.click("cancel-revoke");
    page.awaitGone(By.cssSelector("dialog[open]"));
    assertEquals(200, page.testCredentials(PUBLIC_TEST, account, key));
    assertEquals("ACTIVE", page.admin(account).get("/api/v1/credentials").jsonPath().getString("apiKey.status"));

    // Revoke, then confirm: the key stops working at once
    page.click("revoke-api-key");
    page.click("confirm-revoke");
    page.awaitGone(By.cssSelector("dialog[open]"));
    page.awaitText(By.id("key-api-key-status"), "NONE");
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> page.testCredentials(PUBLIC_TEST, account, key) == 401);
    assertTrue(page.driver.findElement(By.id("generate-api-key")).isDisplayed());
  }

  void assertKeyKeptNowhere(String key) {
    String stored = (String) page.driver.executeScript(
        "const all = [];"
            + "for (const s of [sessionStorage, localStorage]) for (let i = 0; i < s.length; i++) all.push(s.key(i), s.getItem(s.key(i)));"
            + "return all.join(' ') + ' ' + document.cookie + ' ' + location.href + ' ' + history.length;");
    assertFalse(stored.contains(key), "the key is not in storage, cookies or the URL");
    assertFalse(stored.contains(key.substring(5, 25)), "nor any part of it");
  }

  @Test
  void rotationKeepsThePreviousKeyForTheChosenGracePeriod() {
    String account = page.goldAccount();
    page.openPageAs(account);
    page.click("generate-appliance-key");
    String first = page.await(By.id("new-key-value")).getDomProperty("value");
    assertTrue(first.startsWith("tcap_"), first);
    page.click("close-new-key");
    page.awaitGone(By.id("new-key-value"));

    // Escape closes the rotation dialog without rotating
    page.click("rotate-appliance-key");
    page.await(By.id("confirm-rotate"));
    page.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    page.awaitGone(By.cssSelector("dialog[open]"));
    assertEquals(first.substring(first.length() - 4),
        page.admin(account).get("/api/v1/credentials").jsonPath().getString("applianceKey.hint").substring(6));

    page.click("rotate-appliance-key");
    page.await(By.cssSelector("dialog[open] input[type=radio][value='3600']")).click();
    assertEquals("", page.unnamedControls(), "controls without an accessible name");
    page.screenshot("rotate-dialog");
    Instant before = Instant.now();
    page.click("confirm-rotate");
    String second = page.await(By.id("new-key-value")).getDomProperty("value");
    assertTrue(second.startsWith("tcap_") && !second.equals(first), second);
    assertTrue(page.driver.findElement(By.cssSelector("dialog[open]")).getText().contains("The previous key"));
    page.click("close-new-key");
    page.awaitGone(By.id("new-key-value"));

    // both keys open the appliance API during the grace period; the card shows the previous one
    assertEquals(200, page.testCredentials(APPLIANCE_TEST, account, first));
    assertEquals(200, page.testCredentials(APPLIANCE_TEST, account, second));
    JsonPath keys = page.admin(account).get("/api/v1/credentials").jsonPath();
    Instant expiresAt = Instant.parse(keys.getString("applianceKey.previous.expiresAt"));
    assertTrue(!expiresAt.isBefore(before.plusSeconds(3600 - 5)) && expiresAt.isBefore(Instant.now().plusSeconds(3600 + 5)), expiresAt.toString());
    WebElement previous = page.await(By.cssSelector("#key-appliance-key .previous-key"));
    assertTrue(previous.getText().contains(keys.getString("applianceKey.previous.hint")), previous.getText());
    assertTrue(previous.getText().contains("in 1 hour"), previous.getText());

    // rotating again with no grace period ends the previous keys at once
    page.click("rotate-appliance-key");
    page.await(By.cssSelector("dialog[open] input[type=radio][value='0']")).click();
    page.click("confirm-rotate");
    String third = page.await(By.id("new-key-value")).getDomProperty("value");
    page.click("close-new-key");
    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> page.testCredentials(APPLIANCE_TEST, account, second) == 401
            && page.testCredentials(APPLIANCE_TEST, account, first) == 401);
    assertEquals(200, page.testCredentials(APPLIANCE_TEST, account, third));
  }

  @Test
  void getMoreSendsTheRequestToSalesAndShowsItsStatus() throws Exception {
    String account = page.goldAccount();
    page.openPageAs(account);

    page.driver.findElement(By.cssSelector("#section-credits button.get-more")).click();
    WebElement quantity = page.await(By.id("get-more-quantity"));
    assertEquals("get-more-quantity", page.driver.switchTo().activeElement().getAttribute("id"), "focus on the first field");
    quantity.sendKeys("0");
    page.click("get-more-submit");
    page.awaitText(By.cssSelector("dialog[open]"), "Enter a number from 1 to 1,000,000.");
    assertTrue(page.admin(account).get("/api/v1/subscription/upgrade-requests").jsonPath().getList("items").isEmpty(),
        "nothing was sent");
    quantity.clear();
    quantity.sendKeys("500");
    page.driver.findElement(By.id("get-more-message")).sendKeys("Research season <b>starts</b> in March");
    assertEquals("", page.unnamedControls(), "controls without an accessible name");
    page.screenshot("get-more-form");
    page.click("get-more-submit");

    String requestId = page.await(By.id("get-more-request-id")).getText();
    assertEquals("500 more credits", page.text("get-more-asked"));
    assertEquals("Research season <b>starts</b> in March", page.driver.findElement(By.cssSelector(".request-summary .message")).getText(),
        "the message is shown as text, not markup");
    assertTrue(List.of("PENDING", "SENT").contains(page.driver.findElement(By.id("get-more-status")).getAttribute("data-status")));
    // PENDING, then SENT once the relay has emailed Sales (the page polls the request)
    new org.openqa.selenium.support.ui.WebDriverWait(page.driver, Duration.ofSeconds(40))
        .until(d -> "SENT".equals(d.findElement(By.id("get-more-status")).getAttribute("data-status")));
    assertTrue(page.text("get-more-status-text").startsWith("Emailed to Sales"));
    MimeMessage mail = salesMailAbout(account);
    String body = GreenMailUtil.getBody(mail);
    assertTrue(body.contains("500"), "the quantity");
    assertTrue(body.contains(requestId), "the request ID");
    assertEquals(
        "SENT", page.admin(account).get("/api/v1/subscription/upgrade-requests/" + requestId).jsonPath().getString("status"));
    page.awaitText(By.id("get-more-history"), "500 more credits");
    page.screenshot("get-more-sent");
    page.click("get-more-close");
    page.awaitGone(By.cssSelector("dialog[open]"));

    // modules: only those not yet included are offered
    page.driver.findElement(By.cssSelector("#section-modules button.get-more")).click();
    page.await(By.cssSelector("dialog[open] input[type=checkbox]"));
    List<String> offered = page.driver.findElements(By.cssSelector("dialog[open] input[type=checkbox]")).stream()
        .map(b -> b.getAttribute("value")).toList();
    List<Map<String, Object>> modules = page.admin(account).get("/api/v1/subscription").jsonPath().getList("modules");
    assertEquals(modules.stream().filter(m -> !(Boolean) m.get("included")).map(m -> (String) m.get("code")).toList(), offered);
    page.click("get-more-submit");
    page.awaitText(By.cssSelector("dialog[open]"), "Choose at least one module.");
    page.click("get-more-module-IntelliFind");
    page.click("get-more-submit");
    page.await(By.id("get-more-request-id"));
    assertEquals("IntelliFind", page.text("get-more-asked"));
    page.awaitText(By.id("get-more-history"), "IntelliFind");
    assertEquals(2, page.driver.findElements(By.cssSelector("#get-more-history tbody tr")).size(), "both requests listed");
    page.click("get-more-close");
  }

  MimeMessage salesMailAbout(String account) {
    return await().atMost(Duration.ofSeconds(30)).until(
        () -> Arrays.stream(page.stack.mail.getReceivedMessages())
            .filter(m -> GreenMailUtil.getBody(m).contains(account))
            .reduce((a, b) -> b)
            .orElse(null),
        m -> m != null);
  }

  @Test
  void bothDocumentsDownloadThroughThePage() throws Exception {
    String account = page.goldAccount();
    page.openPageAs(account);
    Browser.clear(page.browser.downloads);

    page.click("download-user-guide");
    Path guide = downloaded("threat-command-user-guide.pdf");
    page.awaitText(By.id("download-status"), "Downloaded threat-command-user-guide.pdf");
    byte[] pdf = Files.readAllBytes(guide);
    assertEquals("%PDF-", new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
      for (String topic : List.of("subscription type", "credits", "get more", "api key", "appliance key", "account id")) {
        assertTrue(text.contains(topic), "the user guide covers " + topic);
      }
    }

    page.click("download-api-guide");
    Path zip = downloaded("threat-command-api-guide.zip");
    page.awaitText(By.id("download-status"), "Downloaded threat-command-api-guide.zip");
    Map<String, byte[]> entries = entries(Files.readAllBytes(zip));
    assertEquals(List.of("index.html", "openapi.json", "openapi.yaml"), new ArrayList<>(entries.keySet()));
    assertArrayEquals(page.api().get("/openapi").asByteArray(), entries.get("openapi.json"), "the document /openapi serves");
    page.screenshot("downloads");

    // the guide opens offline: every operation is there and nothing was fetched
    Path unpacked = Files.createDirectories(page.browser.downloads.resolve("api-guide"));
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      Files.write(unpacked.resolve(entry.getKey()), entry.getValue());
    }
    JsonNode openapi = new ObjectMapper().readTree(entries.get("openapi.json"));
    List<String> operationIds = new ArrayList<>();
    Iterator<JsonNode> items = openapi.get("paths").elements();
    while (items.hasNext()) {
      items.next().forEach(op -> {
        if (op.has("operationId")) {
          operationIds.add(op.get("operationId").asText());
        }
      });
    }
    page.driver.get(unpacked.resolve("index.html").toUri().toString());
    page.await(By.id("op-getApiGuide"));
    List<String> shown = page.driver.findElements(By.cssSelector("article.op")).stream().map(a -> a.getAttribute("id")).toList();
    assertEquals(operationIds.stream().map(id -> "op-" + id).sorted().toList(), shown.stream().sorted().toList());
    assertEquals(0L, page.driver.executeScript("return performance.getEntriesByType('resource').length"), "nothing fetched");
    page.browser.screenshot("api-guide", false);
  }

  /** Waits for Chromium to finish saving the file (no partial download left) and returns it. */
  Path downloaded(String name) {
    Path file = page.browser.downloads.resolve(name);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
      try (var files = Files.list(page.browser.downloads)) {
        return Files.isRegularFile(file) && files.noneMatch(p -> p.toString().endsWith(".crdownload"));
      }
    });
    return file;
  }

  static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
