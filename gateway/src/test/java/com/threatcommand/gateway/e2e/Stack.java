package com.threatcommand.gateway.e2e;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The three real applications, started from their packaged jars ({@code quarkus-run.jar}, built by
 * the reactor before these tests run), against one embedded PostgreSQL (a database per service)
 * and a GreenMail SMTP server, with keys generated for this run: the prod profile is used as
 * shipped, so its production guards pass only because nothing here is a development default.
 * Started once per test JVM and stopped when it exits.
 */
public final class Stack {
  public static final String SALES_EMAIL = "sales@e2e.threatcommand.test";
  public static final String IDP_ISSUER = "https://idp.e2e.threatcommand.test";
  public static final String IDP_AUDIENCE = "threat-command";

  private static Stack instance;

  public final Path work;
  public final PrivateKey idpKey;
  public final GreenMail mail;
  public final int gatewayPort;
  public final int subscriptionPort;
  public final int credentialsPort;
  private final EmbeddedPostgres postgres;
  private final List<Process> processes = new ArrayList<>();

  public static synchronized Stack get() {
    if (instance == null) {
      try {
        instance = new Stack();
      } catch (Exception e) {
        throw new IllegalStateException("The end-to-end stack did not start: " + e.getMessage(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-stack-stop"));
    }
    return instance;
  }

  public String gateway() {
    return "http://localhost:" + gatewayPort;
  }

  private Stack() throws Exception {
    Path module = Path.of(System.getProperty("e2e.module.dir", ".")).toAbsolutePath().normalize();
    Path subscriptionJar = jar("subscription", module.resolve("../subscription-service/target/quarkus-app/quarkus-run.jar"));
    Path credentialsJar = jar("credentials", module.resolve("../credentials-service/target/quarkus-app/quarkus-run.jar"));
    Path gatewayJar = jar("gateway", module.resolve("target/quarkus-app/quarkus-run.jar"));

    work = module.resolve("target/e2e");
    Files.createDirectories(work);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair gatewayKeys = rsa.generateKeyPair();
    KeyPair idpKeys = rsa.generateKeyPair();
    idpKey = idpKeys.getPrivate();
    Path gatewayPrivate = write("gateway-private.pem", pem("PRIVATE KEY", gatewayKeys.getPrivate().getEncoded()));
    Path gatewayPublic = write("gateway-public.pem", pem("PUBLIC KEY", gatewayKeys.getPublic().getEncoded()));
    Path idpPublic = write("idp-public.pem", pem("PUBLIC KEY", idpKeys.getPublic().getEncoded()));

    postgres = EmbeddedPostgres.builder().start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("create database subscription");
      statement.execute("create database credentials");
    }
    int smtpPort = freePort();
    mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();

    subscriptionPort = freePort();
    credentialsPort = freePort();
    gatewayPort = freePort();
    String gatewayKey = "file:" + gatewayPublic;

    Map<String, String> subscription = new LinkedHashMap<>();
    subscription.put("QUARKUS_HTTP_PORT", Integer.toString(subscriptionPort));
    subscription.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc("subscription"));
    subscription.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
    subscription.put("QUARKUS_DATASOURCE_PASSWORD", "");
    subscription.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", gatewayKey);
    subscription.put("SALES_EMAIL", SALES_EMAIL);
    subscription.put("QUARKUS_MAILER_HOST", "127.0.0.1");
    subscription.put("QUARKUS_MAILER_PORT", Integer.toString(smtpPort));
    subscription.put("QUARKUS_MAILER_FROM", "subscription-service@e2e.threatcommand.test");
    subscription.put("QUARKUS_MAILER_START_TLS", "DISABLED");
    subscription.put("QUARKUS_MAILER_MOCK", "false");
    start("subscription-service", subscriptionJar, subscription);

    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("QUARKUS_HTTP_PORT", Integer.toString(credentialsPort));
    credentials.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc("credentials"));
    credentials.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
    credentials.put("QUARKUS_DATASOURCE_PASSWORD", "");
    credentials.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", gatewayKey);
    byte[] secret = new byte[48];
    new java.security.SecureRandom().nextBytes(secret);
    credentials.put("KEY_HASH_SECRET", Base64.getEncoder().encodeToString(secret));
    start("credentials-service", credentialsJar, credentials);

    Map<String, String> gateway = new LinkedHashMap<>();
    gateway.put("QUARKUS_HTTP_PORT", Integer.toString(gatewayPort));
    gateway.put("SUBSCRIPTION_SERVICE_URL", "http://localhost:" + subscriptionPort);
    gateway.put("CREDENTIALS_SERVICE_URL", "http://localhost:" + credentialsPort);
    gateway.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", gatewayPrivate.toString());
    gateway.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", idpPublic.toString());
    gateway.put("MP_JWT_VERIFY_ISSUER", IDP_ISSUER);
    gateway.put("MP_JWT_VERIFY_AUDIENCES", IDP_AUDIENCE);
    gateway.put("CORS_ORIGINS", "https://app.e2e.threatcommand.test");
    gateway.put("GATEWAY_OPENAPI_REFRESH", "2S");
    start("gateway", gatewayJar, gateway);

    waitUntilReady("subscription-service", subscriptionPort, 0);
    waitUntilReady("credentials-service", credentialsPort, 1);
    waitUntilReady("gateway", gatewayPort, 2);
  }

  private static Path jar(String name, Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The packaged " + name + " application is missing at " + jar
              + ". Build it first: ./mvnw verify from the repository root builds every module in"
              + " order (or ./mvnw -pl " + (name.equals("gateway") ? "gateway" : name + "-service")
              + " package).");
    }
    return jar;
  }

  private String jdbc(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  private Path write(String name, String content) throws IOException {
    Path path = work.resolve(name);
    Files.writeString(path, content, StandardCharsets.US_ASCII);
    return path;
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void start(String name, Path jar, Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    // Only what this stack decides: nothing from the environment of the build that runs the tests.
    builder.environment().keySet().removeIf(
        key -> key.startsWith("QUARKUS_") || key.startsWith("MP_JWT") || key.startsWith("SMALLRYE_")
            || key.endsWith("_SERVICE_URL") || key.equals("KEY_HASH_SECRET") || key.equals("SALES_EMAIL")
            || key.equals("CORS_ORIGINS") || key.startsWith("GATEWAY_") || key.equals("DEMO_ENABLED"));
    builder.environment().putAll(env);
    processes.add(builder.start());
  }

  private void waitUntilReady(String name, int port, int index) {
    try {
      await(name + " ready")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ready(name, port, processes.get(index)));
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(name + " was not ready within 180 s:\n" + tail(name), e);
    }
  }

  /** Whether it answers its readiness probe; fails at once if it exited. */
  private boolean ready(String name, int port, Process process) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(name));
    }
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready").toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      return connection.getResponseCode() == 200;
    } catch (IOException notYet) {
      return false; // still starting
    }
  }

  public String tail(String name) {
    try {
      List<String> lines = Files.readAllLines(work.resolve(name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private void stop() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (mail != null) {
      mail.stop();
    }
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}
