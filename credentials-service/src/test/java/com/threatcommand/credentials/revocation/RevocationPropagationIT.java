package com.threatcommand.credentials.revocation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.SseClient;
import com.threatcommand.testing.Tokens;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas of the packaged application ({@code target/quarkus-app/quarkus-run.jar}, prod
 * profile, a freshly generated gateway key pair and hash secret) sharing one real PostgreSQL: a
 * revocation through either reaches the revocation streams of both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevocationPropagationIT {
  private static final String JAR =
      System.getProperty("quarkus.app.jar", "target/quarkus-app/quarkus-run.jar");
  private static final Path LOGS = Path.of("target", "it-logs");

  private static EmbeddedPostgres postgres;
  private static PrivateKey gatewayKey;
  private static Path publicKeyFile;
  private static final String HASH_SECRET = Base64.getEncoder().encodeToString(randomBytes(48));
  private static Replica a;
  private static Replica b;

  record Replica(String name, int port, Process process, Path log) {
    String url(String path) {
      return "http://localhost:" + port + path;
    }

    RequestSpecification as(String token) {
      return given().baseUri("http://localhost").port(port).auth().oauth2(token);
    }

    String logText() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void startTwoReplicas() throws Exception {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    assertTrue(Files.isRegularFile(Path.of(JAR)), "package the application first: " + JAR);
    Files.createDirectories(LOGS);
    postgres = EmbeddedPostgres.builder().start();
    try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
      s.execute("create database credentials");
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    gatewayKey = pair.getPrivate();
    publicKeyFile = Files.createTempFile("gateway-public", ".pem");
    Files.writeString(
        publicKeyFile,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");

    a = start("a", Map.of());
    b = start("b", Map.of());
    awaitReady(a);
    awaitReady(b);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (Replica replica : new Replica[] {a, b}) {
      if (replica != null) {
        replica.process().destroy();
        if (!replica.process().waitFor(20, TimeUnit.SECONDS)) {
          replica.process().destroyForcibly();
        }
      }
    }
    if (postgres != null) {
      postgres.close();
    }
    if (publicKeyFile != null) {
      Files.deleteIfExists(publicKeyFile);
    }
  }

  @Test
  @Order(1)
  void aRevocationOnOneReplicaReachesTheStreamsOfBoth() {
    String accountId = Accounts.newId();
    try (SseClient streamA = SseClient.open(a.url("/internal/v1/keys/revocations"), gateway());
        SseClient streamB = SseClient.open(b.url("/internal/v1/keys/revocations"), gateway())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> streamA.has("ready") && streamB.has("ready"));

      JsonPath created = a.as(admin(accountId)).post("/api/v1/credentials/api-key").then()
          .statusCode(201).header("Cache-Control", "no-store").extract().jsonPath();
      String key = created.getString("key");
      String keyId = created.getString("id");
      // one database: the key made on A verifies on B
      assertTrue(verify(b, accountId, key).getBoolean("valid"));

      long sent = System.nanoTime();
      a.as(admin(accountId)).delete("/api/v1/credentials/api-key").then().statusCode(204);
      long answered = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).until(() -> revoked(streamB, keyId) != null);
      await().atMost(Duration.ofSeconds(5)).until(() -> revoked(streamA, keyId) != null);
      System.out.printf(
          "revocation propagation: DELETE on A took %.1f ms; event on B's stream %.1f ms after the"
              + " DELETE was sent, on A's %.1f ms%n",
          (answered - sent) / 1e6,
          (revoked(streamB, keyId).receivedNanos() - sent) / 1e6,
          (revoked(streamA, keyId).receivedNanos() - sent) / 1e6);
      JsonPath event = new JsonPath(revoked(streamB, keyId).data());
      assertEquals(accountId, event.getString("accountId"));
      assertEquals("api-key", event.getString("kind"));
      assertFalse(verify(b, accountId, key).getBoolean("valid"));
      assertFalse(verify(a, accountId, key).getBoolean("valid"));
    }
  }

  @Test
  @Order(2)
  void aRotationWithoutGraceOnTheSecondReplicaIsAnnouncedByTheFirst() {
    String accountId = Accounts.newId();
    try (SseClient streamA = SseClient.open(a.url("/internal/v1/keys/revocations"), gateway())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> streamA.has("ready"));
      JsonPath created = b.as(admin(accountId)).post("/api/v1/credentials/appliance-key").then()
          .statusCode(201).extract().jsonPath();
      String rotatedKey = b.as(admin(accountId)).contentType("application/json")
          .body("{\"graceSeconds\":0}").post("/api/v1/credentials/appliance-key/rotation").then()
          .statusCode(201).extract().jsonPath().getString("key");
      await().atMost(Duration.ofSeconds(5)).until(() -> revoked(streamA, created.getString("id")) != null);
      assertFalse(verify(a, accountId, created.getString("key")).getBoolean("valid"));
      assertTrue(verify(a, accountId, rotatedKey).getBoolean("valid"));
      // both replicas agree: only one active key, whoever is asked
      a.as(admin(accountId)).post("/api/v1/credentials/appliance-key").then().statusCode(409);
      await().atMost(Duration.ofSeconds(5)).until(() -> streamA.has("ping"));
    }
  }

  @Test
  @Order(3)
  void thePackagedApplicationNeverLogsAKey() throws Exception {
    String accountId = Accounts.newId();
    String key = a.as(admin(accountId)).header("X-Request-Id", "it-" + accountId)
        .post("/api/v1/credentials/api-key").then().statusCode(201).extract().jsonPath().getString("key");
    verify(b, accountId, key);
    await().atMost(Duration.ofSeconds(5)).until(() -> a.logText().contains("it-" + accountId));
    assertTrue(a.logText().contains(accountId), "the generate was logged, with its request ID");
    assertFalse(a.logText().contains(key.substring(5, 48)));
    assertFalse(b.logText().contains(key.substring(5, 48)));
  }

  @Test
  @Order(4)
  void unauthenticatedCallsAndDevelopmentTokensAreRefused() {
    // the packaged application trusts only its configured gateway key, not the repository's dev key
    String devSigned = Tokens.admin(Accounts.newId());
    given().baseUri("http://localhost").port(a.port()).auth().oauth2(devSigned)
        .get("/api/v1/credentials").then().statusCode(401);
    given().baseUri("http://localhost").port(a.port()).get("/api/v1/credentials").then().statusCode(401);
  }

  @Test
  @Order(5)
  void theProductionProfileRefusesDevelopmentSecrets() throws Exception {
    Path devKey = Files.createTempFile("dev-public", ".pem");
    try (var in = getClass().getClassLoader().getResourceAsStream("dev-keys/gateway-dev-public.pem")) {
      Files.write(devKey, in.readAllBytes());
    }
    Replica refused =
        start(
            "refused",
            Map.of(
                "KEY_HASH_SECRET", "dev-only-key-hash-secret-never-use-in-production",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", devKey.toString()));
    try {
      assertTrue(refused.process().waitFor(60, TimeUnit.SECONDS), "it must stop by itself");
      assertNotEquals(0, refused.process().exitValue());
      String log = refused.logText();
      assertTrue(log.contains("Refusing to start in production"), log);
      assertTrue(log.contains("KEY_HASH_SECRET is the development default"), log);
      assertTrue(log.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION points at the development key"), log);
    } finally {
      refused.process().destroyForcibly();
      Files.deleteIfExists(devKey);
    }
  }

  @Test
  @Order(99)
  void aDatabaseOutageIs503AndEverythingRecoversByItself() throws Exception {
    String accountId = Accounts.newId();
    String key = a.as(admin(accountId)).post("/api/v1/credentials/api-key").then().statusCode(201)
        .extract().jsonPath().getString("key");
    String badChecksum = key.substring(0, 53) + (key.charAt(53) == 'A' ? 'B' : 'A');
    SseClient before = SseClient.open(a.url("/internal/v1/keys/revocations"), gateway());
    await().atMost(Duration.ofSeconds(10)).until(() -> before.has("ready"));

    database(false);
    try {
      // the stream that could now miss revocations ends; readiness goes down
      await().atMost(Duration.ofSeconds(15)).until(before::ended);
      await().atMost(Duration.ofSeconds(15)).until(
          () -> given().baseUri("http://localhost").port(a.port()).get("/q/health/ready").statusCode() == 503);
      // a well-formed key needs the database: 503, never a 500 or a wrong answer
      await().atMost(Duration.ofSeconds(15)).until(
          () -> a.as(gateway()).contentType("application/json")
              .body("{\"accountId\":\"" + accountId + "\",\"key\":\"" + key + "\"}")
              .post("/internal/v1/keys/verify").statusCode() == 503);
      a.as(gateway()).contentType("application/json")
          .body("{\"accountId\":\"" + accountId + "\",\"key\":\"" + key + "\"}")
          .post("/internal/v1/keys/verify").then().statusCode(503)
          .contentType("application/problem+json")
          .body("type", org.hamcrest.Matchers.endsWith("/upstream-unavailable"));
      // a bad checksum is answered without it, even now
      assertFalse(verify(a, accountId, badChecksum).getBoolean("valid"));
      assertFalse(verify(b, accountId, "tcak_not-even-close").getBoolean("valid"));
    } finally {
      database(true);
      before.close();
    }

    await().atMost(Duration.ofSeconds(60)).until(
        () -> given().baseUri("http://localhost").port(a.port()).get("/q/health/ready").statusCode() == 200);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
        () -> verify(a, accountId, key).getBoolean("valid"));
    try (SseClient after = SseClient.open(a.url("/internal/v1/keys/revocations"), gateway())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> after.has("ready"));
      String keyId = verify(a, accountId, key).getString("keyId");
      b.as(admin(accountId)).delete("/api/v1/credentials/api-key").then().statusCode(204);
      await().atMost(Duration.ofSeconds(5)).until(() -> revoked(after, keyId) != null);
    }
  }

  /** Makes the service's database refuse (false) or accept (true) connections, as in an outage. */
  private static void database(boolean available) throws Exception {
    try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
      s.execute("alter database credentials allow_connections " + available);
      if (!available) {
        s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'credentials'");
      }
    }
  }

  private static SseClient.Event revoked(SseClient stream, String keyId) {
    return stream.events("revoked").stream()
        .filter(e -> keyId.equals(new JsonPath(e.data()).getString("keyId")))
        .findFirst()
        .orElse(null);
  }

  private static JsonPath verify(Replica replica, String accountId, String key) {
    return replica.as(gateway()).contentType("application/json")
        .body("{\"accountId\":\"" + accountId + "\",\"key\":\"" + key + "\"}")
        .post("/internal/v1/keys/verify").then().statusCode(200).extract().jsonPath();
  }

  private static String admin(String accountId) {
    return Tokens.builder("it-admin", accountId, "admin").claim("email", "it@example.com").sign(gatewayKey);
  }

  private static String gateway() {
    return Tokens.builder("gateway", null, "gateway").sign(gatewayKey);
  }

  private static Replica start(String name, Map<String, String> overrides) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = LOGS.resolve("replica-" + name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx256m", "-jar", JAR)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "credentials"));
    env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKeyFile.toString());
    env.put("KEY_HASH_SECRET", HASH_SECRET);
    env.put("KEY_REVOCATIONS_PING_INTERVAL", "1s");
    env.putAll(overrides);
    builder.environment().putAll(env);
    return new Replica(name, port, builder.start(), log);
  }

  private static void awaitReady(Replica replica) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
      assertTrue(replica.process().isAlive(), () -> "replica " + replica.name() + " died: " + tail(replica));
      try {
        return given().baseUri("http://localhost").port(replica.port()).get("/q/health/ready")
            .statusCode() == 200;
      } catch (Exception e) { // connection refused while it boots
        return false;
      }
    });
  }

  private static String tail(Replica replica) {
    try {
      List<String> lines = Files.readAllLines(replica.log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
