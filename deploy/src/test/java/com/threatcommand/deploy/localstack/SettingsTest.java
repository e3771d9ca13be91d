package com.threatcommand.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The STACK_* variables: defaults that make the bare command work, and clear refusals. */
class SettingsTest {
  private static final Path ROOT = Path.of("/repo");

  @Test
  void withNothingSetTheStackUsesTheDocumentedDefaults() {
    Settings settings = Settings.from(Map.of(), ROOT);

    assertEquals(8080, settings.gatewayPort());
    assertEquals(8081, settings.subscriptionPort());
    assertEquals(8082, settings.credentialsPort());
    assertEquals("127.0.0.1", settings.host());
    assertEquals(Path.of("/repo/.local-stack"), settings.stackDir());
    assertEquals(Optional.empty(), settings.postgresUrl());
    assertEquals(Optional.empty(), settings.smtp());
    assertEquals(0, settings.postgresPort());
    assertEquals("sales@threatcommand.local", settings.salesEmail());
    assertEquals(Launch.DEFAULT_JAVA_OPTIONS, settings.javaOptions());
    assertEquals(
        List.of(8080, 8081, 8082), settings.ports().stream().map(Settings.Port::number).toList());
  }

  @Test
  void anApplicationThatExitsStopsTheStackUnlessRestartIsAlways() {
    assertEquals(false, Settings.from(Map.of(), ROOT).restart());
    assertEquals(false, Settings.from(Map.of("STACK_RESTART", "never"), ROOT).restart());
    assertEquals(true, Settings.from(Map.of("STACK_RESTART", "always"), ROOT).restart());
    StackException wrong = assertThrows(StackException.class, () -> Settings.from(Map.of("STACK_RESTART", "yes"), ROOT));
    assertEquals(2, wrong.exitCode);
  }

  @Test
  void portsDirectoryAndMailAreConfigurable() {
    Settings settings =
        Settings.from(
            Map.of(
                "STACK_GATEWAY_PORT", "18080",
                "STACK_SUBSCRIPTION_PORT", "18081",
                "STACK_CREDENTIALS_PORT", "18082",
                "STACK_POSTGRES_PORT", "15432",
                "STACK_SMTP_PORT", "12525",
                "STACK_DIR", "/var/tmp/stack",
                "STACK_SALES_EMAIL", "me@example.com",
                "STACK_JAVA_OPTS", " -Xmx512m  -Dx=y "),
            ROOT);

    assertEquals(
        List.of(
            new Settings.Port("gateway", "STACK_GATEWAY_PORT", 18080),
            new Settings.Port("subscription-service", "STACK_SUBSCRIPTION_PORT", 18081),
            new Settings.Port("credentials-service", "STACK_CREDENTIALS_PORT", 18082),
            new Settings.Port("embedded PostgreSQL", "STACK_POSTGRES_PORT", 15432),
            new Settings.Port("SMTP sink", "STACK_SMTP_PORT", 12525)),
        settings.ports());
    assertEquals(Path.of("/var/tmp/stack"), settings.stackDir());
    assertEquals("me@example.com", settings.salesEmail());
    assertEquals("http://localhost:18080", settings.gatewayUrl());
    List<String> options = settings.javaOptions();
    assertEquals(List.of("-Xmx512m", "-Dx=y"), options.subList(options.size() - 2, options.size()));
  }

  @Test
  void aCollectorInStackJavaOptsReplacesTheDefaultOneAndTheRestIsKept() {
    Settings settings =
        Settings.from(Map.of("STACK_JAVA_OPTS", "-XX:+UseG1GC -XX:TieredStopAtLevel=4"), ROOT);

    List<String> options = settings.javaOptions();
    assertEquals(List.of("-XX:+UseG1GC"), options.stream().filter(Settings::selectsCollector).toList());
    assertTrue(options.contains("-Xmx256m"), options::toString);
    // The later TieredStopAtLevel is the one the JVM takes.
    assertEquals("-XX:TieredStopAtLevel=4", options.get(options.size() - 1));
  }

  @Test
  void optionsWithoutACollectorKeepTheDefaultOne() {
    Settings settings = Settings.from(Map.of("STACK_JAVA_OPTS", "-Xmx512m"), ROOT);

    assertEquals(
        List.of("-XX:+UseSerialGC"),
        settings.javaOptions().stream().filter(Settings::selectsCollector).toList());
  }

  @Test
  void externalServersReplaceTheEmbeddedOnesAndTheirPortsAreNotChecked() {
    Settings settings =
        Settings.from(
            Map.of(
                "STACK_POSTGRES_URL", "jdbc:postgresql://db:5432/?user=u",
                "STACK_POSTGRES_PORT", "15432",
                "STACK_SMTP", "smtp.example.com:587",
                "STACK_SMTP_USERNAME", "me",
                "STACK_SMTP_PASSWORD", "secret",
                "STACK_SMTP_PORT", "12525"),
            ROOT);

    assertEquals(Optional.of("jdbc:postgresql://db:5432/?user=u"), settings.postgresUrl());
    Settings.SmtpServer smtp = settings.smtp().orElseThrow();
    assertEquals("smtp.example.com", smtp.host());
    assertEquals(587, smtp.port());
    assertEquals(Optional.of("me"), smtp.username());
    assertEquals(Optional.of("secret"), smtp.password());
    assertEquals("OPTIONAL", smtp.startTls());
    assertEquals(3, settings.ports().size());
  }

  @Test
  void theGatewayUrlFollowsItsListenAddress() {
    Settings everywhere = Settings.from(Map.of("STACK_HOST", "0.0.0.0"), ROOT);
    assertEquals("http://localhost:8080", everywhere.gatewayUrl());
    assertEquals("http://127.0.0.1:8080", everywhere.gatewayLocalUrl());

    Settings one = Settings.from(Map.of("STACK_HOST", "192.168.1.5", "STACK_GATEWAY_PORT", "9000"), ROOT);
    assertEquals("http://192.168.1.5:9000", one.gatewayUrl());
    assertEquals("http://192.168.1.5:9000", one.gatewayLocalUrl());

    Settings ipv6 = Settings.from(Map.of("STACK_HOST", "fd00::5"), ROOT);
    assertEquals("http://[fd00::5]:8080", ipv6.gatewayLocalUrl());
  }

  @Test
  void anIpv6SmtpHostIsUnbracketed() {
    Settings settings = Settings.from(Map.of("STACK_SMTP", "[::1]:1025", "STACK_SMTP_START_TLS", "disabled"), ROOT);

    assertEquals("::1", settings.smtp().orElseThrow().host());
    assertEquals("DISABLED", settings.smtp().orElseThrow().startTls());
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() {
    Map<Map<String, String>, String> cases =
        Map.of(
            Map.of("STACK_GATEWAY_PORT", "http"), "STACK_GATEWAY_PORT",
            Map.of("STACK_SUBSCRIPTION_PORT", "0"), "STACK_SUBSCRIPTION_PORT",
            Map.of("STACK_CREDENTIALS_PORT", "65536"), "STACK_CREDENTIALS_PORT",
            Map.of("STACK_POSTGRES_PORT", "-1"), "STACK_POSTGRES_PORT",
            Map.of("STACK_POSTGRES_URL", "postgres://localhost/db"), "STACK_POSTGRES_URL",
            Map.of("STACK_SMTP", "smtp.example.com"), "STACK_SMTP",
            Map.of("STACK_SMTP", "smtp.example.com:smtp"), "STACK_SMTP",
            Map.of("STACK_SMTP", "smtp.example.com:25", "STACK_SMTP_START_TLS", "ALWAYS"), "STACK_SMTP_START_TLS",
            Map.of("STACK_SMTP_START_TLS", "REQUIRED"), "STACK_SMTP_START_TLS");
    cases.forEach(
        (env, variable) -> {
          StackException e = assertThrows(StackException.class, () -> Settings.from(env, ROOT), env::toString);
          assertEquals(2, e.exitCode, env::toString);
          assertTrue(e.getMessage().contains(variable), e.getMessage());
        });
  }
}
