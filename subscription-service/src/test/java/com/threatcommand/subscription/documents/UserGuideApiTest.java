package com.threatcommand.subscription.documents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.subscription.support.Accounts;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Downloads: the User Guide PDF, through HTTP with real tokens, read back with PDFBox. */
@QuarkusTest
class UserGuideApiTest {
  static final String PATH = "/api/v1/subscription/documents/user-guide";
  /** Every section of the page (issue 5), each a heading of the guide. */
  static final List<String> SECTIONS =
      List.of(
          "Subscription Type",
          "System Modules",
          "Credits",
          "Expiration Date",
          "Customer Limitations",
          "Stored Data",
          "Get More",
          "Downloads",
          "API Key, Appliance Key and Account ID",
          "Account ID");
  static final String WARNING =
      "Warning: never share your keys. Anyone who has your account ID and a key can act on your"
          + " account through the API.";

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  private static Response download(String token) {
    return given().auth().oauth2(token).get(PATH);
  }

  private static byte[] guide() {
    return download(Tokens.admin(Accounts.newId())).then().statusCode(200).extract().asByteArray();
  }

  @Test
  void anAdministratorDownloadsTheGuideAsAPdfAttachment() {
    // No subscription needs to exist: the guide is the same for every account.
    Response response = download(Tokens.admin(Accounts.newId()));
    response
        .then()
        .statusCode(200)
        .contentType("application/pdf")
        .header("Content-Disposition", "attachment; filename=\"threat-command-user-guide.pdf\"")
        .header("Cache-Control", "private, max-age=3600")
        .header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Request-Id", notNullValue());
    byte[] pdf = response.asByteArray();
    assertEquals(Integer.toString(pdf.length), response.header("Content-Length"));
    assertTrue(ascii(pdf, 0, 5).equals("%PDF-"), "starts with %PDF-");
    assertTrue(ascii(pdf, pdf.length - 8, pdf.length).contains("%%EOF"), "ends with %%EOF");
  }

  @Test
  void theGuideCoversEverySectionOfThePageAndWarnsNotToShareKeys() throws IOException {
    try (PDDocument document = Loader.loadPDF(guide())) {
      String text = new PDFTextStripper().getText(document);
      String flowing = text.replaceAll("\\s+", " ");
      List<String> lines = text.lines().map(String::strip).toList();
      for (String section : SECTIONS) {
        assertTrue(lines.contains(section), "a heading line: " + section);
      }
      assertTrue(flowing.contains(WARNING), "the warning not to share keys");
      // Characters outside the standard PDF fonts' encoding render and extract.
      assertTrue(flowing.contains("Settings › Subscription"), "› extracts");
      assertTrue(flowing.contains("tcak_…9f3A"), "… extracts");

      int pages = document.getNumberOfPages();
      assertTrue(pages >= 3 && pages <= 12, "pages: " + pages);
      for (int page = 2; page <= pages; page++) {
        PDFTextStripper one = new PDFTextStripper();
        one.setStartPage(page);
        one.setEndPage(page);
        assertTrue(one.getText(document).contains("Page " + page + " of " + pages), "page " + page);
      }

      PDDocumentInformation info = document.getDocumentInformation();
      assertEquals("Threat Command User Guide: Settings › Subscription", info.getTitle());
      assertTrue(info.getSubject().contains("Settings › Subscription"), info.getSubject());
      assertEquals("Threat Command", info.getAuthor());
      assertEquals("Apache PDFBox 3.0.8", info.getProducer());

      // Every font is embedded: nothing depends on the reader's system fonts.
      for (PDPage page : document.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertTrue(font.isEmbedded(), font.getName() + " is embedded");
        }
      }
      List<String> bookmarks = new ArrayList<>();
      for (PDOutlineItem item : document.getDocumentCatalog().getDocumentOutline().children()) {
        bookmarks.add(item.getTitle());
      }
      assertTrue(bookmarks.containsAll(SECTIONS.subList(0, 9)), "bookmarks: " + bookmarks);
    }
  }

  @Test
  void everyWordOfTheGuidesTextIsInThePdfInItsOrder() throws IOException {
    String source = UserGuide.source();
    String markdown =
        source.replaceAll("(?m)^(#{1,3} |- |> ?)", "").replace("**", "").replace("`", "");
    List<String> expected = tokens(markdown);
    byte[] pdf = guide();
    List<String> actual;
    try (PDDocument document = Loader.loadPDF(pdf)) {
      actual = tokens(new PDFTextStripper().getText(document));
    }
    int found = 0;
    for (String token : actual) {
      if (found < expected.size() && token.equals(expected.get(found))) {
        found++;
      }
    }
    assertEquals(
        expected.size(),
        found,
        "the PDF lost the guide's text from: "
            + String.join(" ", expected.subList(found, Math.min(expected.size(), found + 12))));
    // Every heading of the text is a heading of the PDF (the list above is the minimum).
    String flowing = flowingText(pdf);
    Matcher heading = Pattern.compile("(?m)^#{2,3} (.+)$").matcher(source);
    while (heading.find()) {
      assertTrue(flowing.contains(heading.group(1)), heading.group(1));
    }
  }

  @Test
  void everyRequestGetsTheSameDocumentAndEtag() {
    Response first = download(Tokens.admin(Accounts.newId()));
    Response second = download(Tokens.admin(Accounts.newId()));
    assertArrayEquals(first.asByteArray(), second.asByteArray());
    assertEquals(first.header("ETag"), second.header("ETag"));
    assertEquals(UserGuide.etag(first.asByteArray()), first.header("ETag"));
  }

  @Test
  void aCopyThatIsStillCurrentGets304WithoutABody() {
    String token = Tokens.admin(Accounts.newId());
    String etag = download(token).header("ETag");
    for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"0123\", " + etag, "*")) {
      given()
          .auth()
          .oauth2(token)
          .header("If-None-Match", ifNoneMatch)
          .get(PATH)
          .then()
          .statusCode(304)
          .header("ETag", etag)
          .header("Cache-Control", "private, max-age=3600")
          .header("Content-Disposition", nullValue())
          .body(emptyString());
    }
    // A stale copy gets the whole document again.
    Response fresh =
        given().auth().oauth2(token).header("If-None-Match", "\"0123456789abcdef\"").get(PATH);
    fresh.then().statusCode(200).contentType("application/pdf").header("ETag", etag);
    assertEquals("%PDF-", ascii(fresh.asByteArray(), 0, 5));
  }

  @Test
  void wrongCallersGetProblemsAndNeverTheGuide() {
    String account = Accounts.newId();
    String etag = download(Tokens.admin(account)).header("ETag");
    List<String> unauthenticated =
        List.of(
            "",
            "not-a-jwt",
            Tokens.expiredAdmin(account),
            Tokens.adminForOtherService(account),
            Tokens.adminFromOtherIssuer(account),
            Tokens.adminSignedByAttacker(account),
            Tokens.adminWithoutAccount());
    for (String token : unauthenticated) {
      for (boolean conditional : List.of(false, true)) {
        refused(call(token, conditional ? etag : null), 401, "unauthenticated")
            .header("WWW-Authenticate", notNullValue());
      }
    }
    for (String group : List.of("api-key", "appliance-key", "provisioner", "gateway")) {
      for (boolean conditional : List.of(false, true)) {
        refused(call(Tokens.forGroup(group, account), conditional ? etag : null), 403, "forbidden");
      }
    }
  }

  private static Response call(String token, String ifNoneMatch) {
    RequestSpecification spec = given();
    if (!token.isEmpty()) {
      spec.auth().oauth2(token);
    }
    if (ifNoneMatch != null) {
      spec.header("If-None-Match", ifNoneMatch);
    }
    return spec.get(PATH);
  }

  private static io.restassured.response.ValidatableResponse refused(
      Response response, int status, String slug) {
    return response
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", endsWith("/" + slug))
        .body("status", is(status))
        .body("instance", equalTo(PATH))
        .body("requestId", notNullValue())
        .header("Content-Disposition", nullValue())
        .header("ETag", nullValue())
        .header("Cache-Control", nullValue());
  }

  @Test
  void theDownloadOnlyAnswersGetAndHead() {
    String token = Tokens.admin(Accounts.newId());
    for (String method : List.of("POST", "PUT", "DELETE")) {
      given()
          .auth()
          .oauth2(token)
          .request(method, PATH)
          .then()
          .statusCode(405)
          .contentType("application/problem+json")
          .body("type", endsWith("/method-not-allowed"));
    }
    given()
        .auth()
        .oauth2(token)
        .head(PATH)
        .then()
        .statusCode(200)
        .contentType("application/pdf")
        .header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
        .body(emptyString());
  }

  @SuppressWarnings("unchecked")
  @Test
  void theOpenApiDocumentDescribesTheBinaryResponseAndItsProblems() {
    JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    Map<String, Object> get = doc.getMap("paths.'" + PATH + "'.get");
    assertEquals("getUserGuide", get.get("operationId"));
    Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) get.get("responses");
    Map<String, Object> pdf =
        ((Map<String, Map<String, Object>>) responses.get("200").get("content")).get("application/pdf");
    assertEquals(Map.of("type", "string", "format", "binary"), pdf.get("schema"));
    assertTrue(
        ((Map<String, Object>) responses.get("200").get("headers"))
            .keySet()
            .containsAll(List.of("Content-Disposition", "ETag", "Cache-Control")));
    assertTrue(responses.containsKey("304"));
    for (String code : List.of("401", "403")) {
      Map<String, Object> problem =
          ((Map<String, Map<String, Object>>) responses.get(code).get("content"))
              .get("application/problem+json");
      assertEquals(
          "#/components/schemas/Problem", ((Map<String, Object>) problem.get("schema")).get("$ref"));
    }
    assertTrue(!((List<Object>) get.get("security")).isEmpty());
  }

  /** The real pdftotext (poppler-utils), as a customer's tools would read the file. */
  @Test
  void pdftotextReadsTheGuide() throws IOException, InterruptedException {
    requirePdftotext();
    Path file = Files.createTempFile("user-guide", ".pdf");
    try {
      Files.write(file, guide());
      Process process =
          new ProcessBuilder("pdftotext", "-enc", "UTF-8", file.toString(), "-")
              .redirectErrorStream(true)
              .start();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "pdftotext finished");
      assertEquals(0, process.exitValue(), text);
      String flowing = text.replaceAll("\\s+", " ");
      for (String section : SECTIONS) {
        assertTrue(flowing.contains(section), section);
      }
      assertTrue(flowing.contains(WARNING), "the warning");
      assertTrue(flowing.contains("Settings › Subscription"), "›");
      assertTrue(flowing.contains("tcak_…9f3A"), "…");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Skips with the reason where pdftotext is missing; under CI that is a failure instead. */
  private static void requirePdftotext() {
    boolean present;
    try {
      Process probe = new ProcessBuilder("pdftotext", "-v").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      present = probe.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (!present) {
      String reason = "pdftotext is not installed (Debian: apt-get install poppler-utils)";
      if (System.getenv("CI") != null) {
        Assertions.fail("CI must not skip the pdftotext check: " + reason);
      }
      Assumptions.abort("Skipped: " + reason);
    }
  }

  private static String flowingText(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
    }
  }

  /** Words and single punctuation marks, so that spacing differences do not matter. */
  private static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\s\\p{L}\\p{N}_]").matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  private static String ascii(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
  }
}
