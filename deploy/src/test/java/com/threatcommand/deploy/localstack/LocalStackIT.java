package com.threatcommand.deploy.localstack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's first quickstart command, as CI runs it: {@code deploy/local-stack} on ports of its
 * own, against the applications that this reactor has just packaged. Each run is used through the
 * gateway with what it printed, then stopped by a signal, and nothing it started may be left: no
 * child JVM, no PostgreSQL under its work directory, no work directory, no port in use.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern WORK = Pattern.compile("starting \\(work directory (\\S+), removed at stop\\)");
  private static final Pattern ADMIN_TOKEN = Pattern.compile("^  export ADMIN_TOKEN=(\\S+)$");
  private static final Pattern PROVISIONER_TOKEN = Pattern.compile("^  export PROVISIONER_TOKEN=(\\S+)$");
  private static final Pattern CURL = Pattern.compile("^  (curl -u \\S+ -I \\S+/public/v1/test-credentials)$");
  private static final Pattern POSTGRES_PORT = Pattern.compile("embedded PostgreSQL 17 on localhost:(\\d+),");
  private static final Pattern SMTP_PORT = Pattern.compile("SMTP sink +127\\.0\\.0\\.1:(\\d+),");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;
  private static Path runs;
  private static int gatewayPort;
  private static int subscriptionPort;
  private static int credentialsPort;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Launcher> launchers = new ArrayList<>();

  /** What a running stack consists of, seen from outside, to check that all of it is gone. */
  record Observed(Path work, Path stackDir, List<ProcessHandle> children, List<ProcessHandle> underWork, List<Integer> ports) {}

  @BeforeAll
  static void packagedApplications() throws IOException {
    root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    for (String jar :
        List.of(
            "gateway/target/quarkus-app/quarkus-run.jar",
            "subscription-service/target/quarkus-app/quarkus-run.jar",
            "credentials-service/target/quarkus-app/quarkus-run.jar",
            "deploy/target/local-stack.jar")) {
      assertTrue(
          Files.isRegularFile(root.resolve(jar)),
          jar + " is missing: run ./mvnw verify from the repository root (it packages every module first)");
    }
    runs = root.resolve("deploy/target/local-stack-it");
    StackDirectory.deleteRecursively(runs);
    Files.createDirectories(runs);
    gatewayPort = stablePort();
    subscriptionPort = stablePort();
    credentialsPort = stablePort();
  }

  /**
   * A free port below the kernel's ephemeral range: the runs reuse these ports for a minute or two,
   * and a port from that range could meanwhile become the local end of anybody's outgoing connection.
   */
  private static int stablePort() throws IOException {
    int below = 32768;
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (Files.isReadable(range)) {
      below = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
    }
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20000 + random.nextInt(Math.max(1, below - 20000));
      if (port != gatewayPort && port != subscriptionPort && !PortCheck.inUse(port)) {
        return port;
      }
    }
    return PortCheck.anyFree();
  }

  @AfterEach
  void nothingOfOursSurvivesAFailedTest() {
    for (Launcher launcher : launchers) {
      launcher.close();
    }
    // Whatever a failed test left (a killed launcher's children, its PostgreSQL) goes too.
    String marker = "threatcommand-stack-" + gatewayPort + "-";
    ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  @Order(1)
  void startsTheWholeSystemServesTheDemoAndSigtermStopsEverything() throws Exception {
    Path stackDir = runs.resolve("first");
    Launcher launcher = start(stackDir, Map.of());
    String adminToken = launcher.awaitLine(ADMIN_TOKEN, START_TIMEOUT);
    Observed observed = observe(launcher, stackDir, true);
    String gateway = "http://localhost:" + gatewayPort;

    // The printed admin token opens the demo account's subscription through the gateway.
    HttpResponse<String> subscription = get(gateway + "/api/v1/subscription", "Bearer " + adminToken);
    assertEquals(200, subscription.statusCode(), subscription.body());
    JsonNode document = JSON.readTree(subscription.body());
    assertEquals(Keys.DEMO_ACCOUNT, document.path("accountId").asText());
    assertEquals("GOLD", document.path("type").asText());
    // ... and only a token of this run's identity provider does.
    String stranger = Keys.adminToken(Keys.rsa().getPrivate(), Keys.DEMO_ACCOUNT, Duration.ofHours(1), Instant.now());
    assertEquals(401, get(gateway + "/api/v1/subscription", "Bearer " + stranger).statusCode());

    // The printed curl command: the demo API key passes the integrators' check; another key does not.
    String curl = launcher.awaitLine(CURL, Duration.ofSeconds(1));
    String[] parts = curl.split(" ");
    assertEquals(gateway + "/public/v1/test-credentials", parts[4]);
    assertEquals(200, head(parts[4], parts[2]));
    String wrongKey = parts[2].substring(0, parts[2].length() - 1) + (parts[2].endsWith("A") ? "B" : "A");
    assertEquals(401, head(parts[4], wrongKey));

    // Another token, minted while the stack runs, as the output says.
    String platinum = run("token", "admin", "6a1e2d3c4b5a697887766001");
    HttpResponse<String> other = get(gateway + "/api/v1/subscription", "Bearer " + platinum);
    assertEquals(200, other.statusCode(), other.body());
    assertEquals("PLATINUM", JSON.readTree(other.body()).path("type").asText());
    for (String provisioner : List.of(launcher.awaitLine(PROVISIONER_TOKEN, Duration.ofSeconds(1)), run("token", "provisioner"))) {
      HttpResponse<String> plan =
          get(gateway + "/api/v1/provisioning/accounts/6b1e2d3c4b5a697887766002/subscription", "Bearer " + provisioner);
      assertEquals(200, plan.statusCode(), plan.body());
      assertEquals("BRONZE", JSON.readTree(plan.body()).path("type").asText());
    }

    // A second stack on the same directory is refused, and the first one goes on serving.
    Launcher second =
        start(stackDir, Map.of(
            "STACK_GATEWAY_PORT", Integer.toString(PortCheck.anyFree()),
            "STACK_SUBSCRIPTION_PORT", Integer.toString(PortCheck.anyFree()),
            "STACK_CREDENTIALS_PORT", Integer.toString(PortCheck.anyFree())));
    assertEquals(3, second.awaitExit(STOP_TIMEOUT), second.output());
    assertTrue(second.output().contains("Another local stack (pid " + launcher.pid()), second.output());
    assertEquals(200, get(gateway + "/api/v1/subscription", "Bearer " + adminToken).statusCode());

    // "Get More": the mail to Sales lands as a file, announced on the console.
    HttpResponse<String> upgrade =
        post(gateway + "/api/v1/subscription/upgrade-requests", "Bearer " + adminToken,
            "{\"category\":\"CREDITS\",\"quantity\":500,\"message\":\"local stack test\"}");
    assertEquals(202, upgrade.statusCode(), upgrade.body());
    Path mail = stackDir.resolve("mail");
    await().atMost(Duration.ofSeconds(60)).until(() -> !emls(mail).isEmpty());
    String eml = Files.readString(emls(mail).get(0), StandardCharsets.UTF_8);
    assertTrue(eml.contains("To: sales@threatcommand.local"), eml);
    assertTrue(eml.contains("Reply-To: demo.admin@threatcommand.local"), eml);
    assertTrue(eml.contains(Keys.DEMO_ACCOUNT) && eml.contains("local stack test"), eml);
    launcher.awaitLine(Pattern.compile("^mail .*to sales@threatcommand\\.local .*-> (\\S+\\.eml)$"), Duration.ofSeconds(5));

    launcher.signal("TERM");
    assertEquals(143, launcher.awaitExit(STOP_TIMEOUT), launcher.output());
    assertNothingLeft(observed, launcher);
  }

  @Test
  @Order(2)
  void theNextStartCleansUpAfterAKilledLauncherAndSigintStopsEverything() throws Exception {
    Path stackDir = runs.resolve("killed");
    Launcher killed = start(stackDir, Map.of());
    String firstToken = killed.awaitLine(ADMIN_TOKEN, START_TIMEOUT);
    Observed orphans = observe(killed, stackDir, true);
    killed.signal("KILL");
    killed.awaitExit(STOP_TIMEOUT);
    assertTrue(orphans.children().stream().allMatch(ProcessHandle::isAlive), "a SIGKILL leaves the children running");

    // Started again on the same ports and directory: it stops what the killed one left, then runs.
    Launcher launcher = start(stackDir, Map.of());
    String adminToken = launcher.awaitLine(ADMIN_TOKEN, START_TIMEOUT);
    assertTrue(launcher.output().contains("A previous local stack (pid " + killed.pid() + ") was killed"), launcher.output());
    assertTrue(orphans.children().stream().noneMatch(ProcessHandle::isAlive));
    assertFalse(Files.exists(orphans.work()), "the killed run's work directory is removed");
    Observed observed = observe(launcher, stackDir, true);
    String gateway = "http://localhost:" + gatewayPort;
    assertEquals(200, get(gateway + "/api/v1/subscription", "Bearer " + adminToken).statusCode());
    // Keys are made fresh at each start: the previous run's token means nothing now.
    assertNotEquals(firstToken, adminToken);
    assertEquals(401, get(gateway + "/api/v1/subscription", "Bearer " + firstToken).statusCode());

    launcher.signal("INT");
    assertEquals(130, launcher.awaitExit(STOP_TIMEOUT), launcher.output());
    assertNothingLeft(observed, launcher);
  }

  @Test
  @Order(3)
  void externalPostgresAndSmtpAreUsedAndKeptAcrossRuns() throws Exception {
    int smtpPort = PortCheck.anyFree();
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      Map<String, String> external =
          Map.of(
              "STACK_POSTGRES_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/?user=postgres",
              "STACK_SMTP", "127.0.0.1:" + smtpPort,
              "STACK_SMTP_START_TLS", "DISABLED",
              "STACK_SALES_EMAIL", "sales@it.threatcommand.test");
      Path stackDir = runs.resolve("external");
      String gateway = "http://localhost:" + gatewayPort;

      Launcher first = start(stackDir, external);
      String adminToken = first.awaitLine(ADMIN_TOKEN, START_TIMEOUT);
      String firstKey = first.awaitLine(CURL, Duration.ofSeconds(1)).split(" ")[2];
      assertTrue(first.output().contains("external PostgreSQL jdbc:postgresql://localhost:" + postgres.getPort()), first.output());
      assertFalse(first.output().contains("SMTP sink"), first.output());
      assertEquals(Set.of("subscription", "credentials"), stackDatabases(postgres));
      Observed observed = observe(first, stackDir, false);
      assertEquals(202,
          post(gateway + "/api/v1/subscription/upgrade-requests", "Bearer " + adminToken,
              "{\"category\":\"ASSETS\",\"quantity\":50}").statusCode());
      assertTrue(smtp.waitForIncomingEmail(60_000, 1), "the Get More mail reaches STACK_SMTP");
      MimeMessage message = smtp.getReceivedMessages()[0];
      assertEquals("sales@it.threatcommand.test", message.getAllRecipients()[0].toString());
      assertTrue(message.getSubject().contains(Keys.DEMO_ACCOUNT), message.getSubject());
      first.signal("TERM");
      assertEquals(143, first.awaitExit(STOP_TIMEOUT), first.output());
      assertNothingLeft(observed, first);

      // The external server keeps its databases; a second run uses them again. The account has an
      // API key from the first run (stored under that run's hash secret): the launcher rotates it.
      assertEquals(Set.of("subscription", "credentials"), stackDatabases(postgres));
      Launcher second = start(stackDir, external);
      second.awaitLine(ADMIN_TOKEN, START_TIMEOUT);
      String secondCurl = second.awaitLine(CURL, Duration.ofSeconds(1));
      assertTrue(second.output().contains("checked: 200"), second.output());
      String secondKey = secondCurl.split(" ")[2];
      assertNotEquals(firstKey, secondKey);
      assertEquals(200, head(gateway + "/public/v1/test-credentials", secondKey));
      assertEquals(401, head(gateway + "/public/v1/test-credentials", firstKey));
      Observed again = observe(second, stackDir, false);
      second.signal("INT");
      assertEquals(130, second.awaitExit(STOP_TIMEOUT), second.output());
      assertNothingLeft(again, second);
      try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
        assertTrue(connection.isValid(2), "the external PostgreSQL is left running");
      }
    } finally {
      smtp.stop();
    }
  }

  @Test
  @Order(5)
  void withStackRestartAlwaysAnApplicationThatDiesIsStartedAgain() throws Exception {
    Path stackDir = runs.resolve("restart");
    Launcher launcher = start(stackDir, Map.of("STACK_RESTART", "always"));
    String adminToken = launcher.awaitLine(ADMIN_TOKEN, START_TIMEOUT);
    observe(launcher, stackDir, true);
    String gateway = "http://localhost:" + gatewayPort;
    assertEquals(200, get(gateway + "/api/v1/credentials", "Bearer " + adminToken).statusCode());
    ProcessHandle credentials =
        ProcessHandle.of(launcher.pid()).orElseThrow().children()
            .filter(p -> p.info().commandLine().orElse("").contains("credentials-service"))
            .findFirst()
            .orElseThrow();
    credentials.destroyForcibly(); // SIGKILL, as the chaos harness does
    Pattern ready = Pattern.compile("restart  credentials-service ready [0-9.]+ s after its start, pid (\\d+)");
    long newPid = Long.parseLong(launcher.awaitLine(ready, START_TIMEOUT));
    assertNotEquals(credentials.pid(), newPid);
    assertTrue(launcher.output().contains("restart  credentials-service exited with code 137; starting it again"), launcher.output());
    // the same keys and database: the admin token of this run still works, through the gateway
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> get(gateway + "/api/v1/credentials", "Bearer " + adminToken).statusCode() == 200);
    Observed observed = observe(launcher, stackDir, true);
    assertTrue(observed.children().stream().anyMatch(p -> p.pid() == newPid), observed.children().toString());

    launcher.signal("TERM");
    assertEquals(143, launcher.awaitExit(STOP_TIMEOUT), launcher.output());
    assertNothingLeft(observed, launcher);
  }

  @Test
  @Order(4)
  void aTakenPortIsNamedAndNothingStarts() throws Exception {
    Path stackDir = runs.resolve("port-taken");
    try (ServerSocket taken = new ServerSocket(subscriptionPort)) {
      Launcher launcher = start(stackDir, Map.of());
      assertEquals(3, launcher.awaitExit(STOP_TIMEOUT), launcher.output());
      assertTrue(
          launcher.output().contains("port " + subscriptionPort + " (subscription-service) is already in use"),
          launcher.output());
      assertTrue(launcher.output().contains("STACK_SUBSCRIPTION_PORT="), launcher.output());
      assertFalse(launcher.output().contains("starting (work directory"), launcher.output());
      assertFalse(Files.exists(stackDir.resolve(RunFile.NAME)));
      try (Stream<Path> temporary = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
        assertEquals(
            List.of(),
            temporary.filter(p -> p.getFileName().toString().startsWith("threatcommand-stack-" + gatewayPort + "-")).toList());
      }
      assertFalse(PortCheck.inUse(gatewayPort), "the gateway was not started");
    }
  }

  private Launcher start(Path stackDir, Map<String, String> extra) throws IOException {
    Map<String, String> variables = new HashMap<>();
    variables.put("STACK_DIR", stackDir.toString());
    variables.put("STACK_GATEWAY_PORT", Integer.toString(gatewayPort));
    variables.put("STACK_SUBSCRIPTION_PORT", Integer.toString(subscriptionPort));
    variables.put("STACK_CREDENTIALS_PORT", Integer.toString(credentialsPort));
    variables.putAll(extra);
    Launcher launcher = Launcher.start(root, variables);
    launchers.add(launcher);
    return launcher;
  }

  /** Runs the script with arguments (e.g. {@code token admin}) and returns what it printed. */
  private static String run(String... arguments) throws Exception {
    try (Launcher command =
        Launcher.start(root, Map.of("STACK_DIR", runs.resolve("first").toString()), arguments)) {
      assertEquals(0, command.awaitExit(Duration.ofSeconds(60)), command.output());
      return command.output().trim();
    }
  }

  private Observed observe(Launcher launcher, Path stackDir, boolean embedded) {
    Path work = Path.of(launcher.awaitLine(WORK, Duration.ofSeconds(1)));
    assertTrue(Files.isDirectory(work), work.toString());
    assertTrue(Files.isRegularFile(stackDir.resolve(RunFile.NAME)));
    List<ProcessHandle> children = ProcessHandle.of(launcher.pid()).orElseThrow().children().toList();
    assertEquals(3, children.size(), "three application JVMs: " + children);
    List<ProcessHandle> underWork = processesUnder(work);
    List<Integer> ports = new ArrayList<>(List.of(gatewayPort, subscriptionPort, credentialsPort));
    if (embedded) {
      assertTrue(
          underWork.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/postgres")),
          "the embedded PostgreSQL runs from the work directory: " + underWork);
      ports.add(Integer.parseInt(launcher.awaitLine(POSTGRES_PORT, Duration.ofSeconds(1))));
      ports.add(Integer.parseInt(launcher.awaitLine(SMTP_PORT, Duration.ofSeconds(1))));
    }
    for (int port : ports) {
      assertTrue(PortCheck.inUse(port), "port " + port + " serves while the stack runs");
    }
    return new Observed(work, stackDir, children, underWork, ports);
  }

  private static void assertNothingLeft(Observed observed, Launcher launcher) {
    String output = launcher.output();
    assertTrue(output.contains("Stopping the local stack"), output);
    assertTrue(Pattern.compile("(?m)^Stopped .* in [0-9.]+ s; the work directory is removed").matcher(output).find(), output);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertEquals(List.of(), observed.children().stream().filter(ProcessHandle::isAlive).toList(), "child JVMs");
              assertEquals(List.of(), processesUnder(observed.work()), "processes under " + observed.work());
              assertEquals(
                  List.of(), observed.ports().stream().filter(PortCheck::inUse).toList(), "ports still in use");
            });
    assertFalse(Files.exists(observed.work()), observed.work() + " is removed");
    assertFalse(Files.exists(observed.stackDir().resolve(RunFile.NAME)), "run file removed");
  }

  private static List<ProcessHandle> processesUnder(Path work) {
    String path = work.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(path)).orElse(false))
        .toList();
  }

  private static Set<String> stackDatabases(EmbeddedPostgres postgres) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select datname from pg_database where datname in ('subscription', 'credentials')")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private static List<Path> emls(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
    }
  }

  private static HttpResponse<String> get(String url, String authorization) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String authorization, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code curl -u accountId:key -I url}: the status. */
  private static int head(String url, String credentials) throws Exception {
    String userAndKey = credentials.contains(":") ? credentials : Keys.DEMO_ACCOUNT + ":" + credentials;
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userAndKey.getBytes(StandardCharsets.UTF_8)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
