package com.threatcommand.gateway.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own chromedriver. Both paths are given to Selenium
 * explicitly, so Selenium Manager never runs and nothing is ever downloaded. A fresh profile and
 * download directory per browser.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver"));
  static final Dimension DESKTOP = new Dimension(1280, 900);
  static final Dimension PHONE = new Dimension(390, 844);

  final ChromeDriver driver;
  final Path downloads;
  final Path screenshots;
  private final Path profile;

  /**
   * Stops the test when there is no browser: a failure under CI (env {@code CI} set), where .ci/run
   * installs it; elsewhere a skip whose reason is printed.
   */
  static void assumeInstalled() {
    String missing = null;
    if (!Files.isExecutable(CHROMIUM)) {
      missing = CHROMIUM + " is missing";
    } else if (!Files.isExecutable(CHROMEDRIVER)) {
      missing = CHROMEDRIVER + " is missing";
    }
    if (missing == null) {
      return;
    }
    String reason = "Browser tests need Debian's chromium and chromium-driver (" + missing
        + "): apt-get install -y chromium chromium-driver";
    if (System.getenv("CI") != null) {
      fail(reason);
    }
    System.out.println("SKIPPED the browser tests: " + reason);
    Assumptions.abort(reason);
  }

  Browser(Path work, Path screenshots) throws IOException {
    this.downloads = Files.createDirectories(work.resolve("downloads"));
    this.screenshots = Files.createDirectories(screenshots);
    clear(downloads);
    this.profile = Files.createTempDirectory("chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=en-US",
        "--force-device-scale-factor=1",
        "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight(),
        "--user-data-dir=" + profile);
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toString(),
            "download.prompt_for_download", false,
            "download.directory_upgrade", true,
            "safebrowsing.enabled", false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(work.resolve("chromedriver.log").toFile())
            .build();
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      clear(profile);
      Files.deleteIfExists(profile);
      throw e;
    }
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    // Headless Chromium lets a page write the clipboard after a click; reading it back (to check
    // what the Copy button put there) needs the permission granted for the origin.
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", true));
  }

  void grantClipboard(String origin) {
    driver.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of("origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
  }

  /** What the page can read from the clipboard. */
  String clipboard() {
    return (String)
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, e => done('ERROR ' + e));");
  }

  void resize(Dimension size) {
    driver.manage().window().setSize(size);
  }

  /**
   * The whole page as a PNG under target/screenshots; only the viewport while a modal dialog is
   * open (its backdrop covers the viewport alone).
   */
  Path screenshot(String name) {
    return screenshot(name, true);
  }

  /** The viewport only (for long pages), or the whole page when {@code fullPage}. */
  Path screenshot(String name, boolean fullPage) {
    Path file = screenshots.resolve(name + ".png");
    if (!fullPage || Boolean.TRUE.equals(driver.executeScript("return !!document.querySelector('dialog[open]')"))) {
      try {
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return file;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    double width = ((Number) content.get("width")).doubleValue();
    double height = ((Number) content.get("height")).doubleValue();
    Map<String, Object> result =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    try {
      Files.write(file, Base64.getDecoder().decode((String) result.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Empties a directory (what an earlier run left there included). */
  static void clear(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(dir)) {
          Files.delete(path);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try {
        clear(profile);
        Files.deleteIfExists(profile);
      } catch (IOException ignored) {
        // a temporary directory
      }
    }
  }
}
