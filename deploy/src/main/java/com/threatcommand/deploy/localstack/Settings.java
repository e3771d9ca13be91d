package com.threatcommand.deploy.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of the local stack is configured with: the {@code STACK_*} environment variables
 * (README, "Local stack"), each with a default that makes the bare command work.
 */
record Settings(
    Path root,
    Path stackDir,
    String host,
    int gatewayPort,
    int subscriptionPort,
    int credentialsPort,
    Optional<String> postgresUrl,
    int postgresPort,
    Optional<SmtpServer> smtp,
    int smtpPort,
    String salesEmail,
    String mailFrom,
    List<String> javaOptions,
    boolean restart) {

  static final String SALES_EMAIL = "sales@threatcommand.local";
  static final String MAIL_FROM = "Threat Command Subscription <subscription-service@threatcommand.local>";

  /** An external SMTP server ({@code STACK_SMTP=host:port} and its optional login). */
  record SmtpServer(
      String host, int port, Optional<String> username, Optional<String> password, String startTls) {
    String address() {
      return host + ":" + port;
    }
  }

  /** A port the stack listens on, with the variable that moves it. */
  record Port(String what, String variable, int number) {}

  static Settings from(Map<String, String> env, Path root) {
    Path stackDir =
        Optional.ofNullable(blankToNull(env.get("STACK_DIR")))
            .map(Path::of)
            .orElse(root.resolve(".local-stack"))
            .toAbsolutePath()
            .normalize();
    int gateway = port(env, "STACK_GATEWAY_PORT", 8080, false);
    int subscription = port(env, "STACK_SUBSCRIPTION_PORT", 8081, false);
    int credentials = port(env, "STACK_CREDENTIALS_PORT", 8082, false);
    Optional<String> postgresUrl = Optional.ofNullable(blankToNull(env.get("STACK_POSTGRES_URL")));
    if (postgresUrl.isPresent() && !postgresUrl.get().startsWith("jdbc:postgresql://")) {
      throw new StackException(
          2,
          "STACK_POSTGRES_URL must be a PostgreSQL JDBC URL, e.g."
              + " jdbc:postgresql://localhost:5432/?user=postgres&password=secret");
    }
    Optional<SmtpServer> smtp = Optional.ofNullable(blankToNull(env.get("STACK_SMTP"))).map(s -> smtp(s, env));
    String startTls = env.getOrDefault("STACK_SMTP_START_TLS", "");
    if (!startTls.isBlank() && smtp.isEmpty()) {
      throw new StackException(2, "STACK_SMTP_START_TLS applies to STACK_SMTP, which is not set");
    }
    List<String> javaOptions = new ArrayList<>(Launch.DEFAULT_JAVA_OPTIONS);
    String extra = blankToNull(env.get("STACK_JAVA_OPTS"));
    if (extra != null) {
      List<String> added = Arrays.asList(extra.trim().split("\\s+"));
      // The JVM refuses two collectors: one named here replaces the default's.
      if (added.stream().anyMatch(Settings::selectsCollector)) {
        javaOptions.removeIf(Settings::selectsCollector);
      }
      javaOptions.addAll(added);
    }
    return new Settings(
        root,
        stackDir,
        Optional.ofNullable(blankToNull(env.get("STACK_HOST"))).orElse("127.0.0.1"),
        gateway,
        subscription,
        credentials,
        postgresUrl,
        port(env, "STACK_POSTGRES_PORT", 0, true),
        smtp,
        port(env, "STACK_SMTP_PORT", 0, true),
        Optional.ofNullable(blankToNull(env.get("STACK_SALES_EMAIL"))).orElse(SALES_EMAIL),
        Optional.ofNullable(blankToNull(env.get("STACK_MAIL_FROM"))).orElse(MAIL_FROM),
        List.copyOf(javaOptions),
        restart(env));
  }

  /**
   * {@code STACK_RESTART}: {@code never} (the default: an application that exits by itself stops
   * the stack) or {@code always} (it is started again, as Kubernetes' restartPolicy Always does;
   * the fault harness, deploy/chaos/run, kills applications and lets the launcher restart them).
   */
  private static boolean restart(Map<String, String> env) {
    String value = Optional.ofNullable(blankToNull(env.get("STACK_RESTART"))).orElse("never").trim();
    return switch (value) {
      case "never" -> false;
      case "always" -> true;
      default -> throw new StackException(2, "STACK_RESTART must be never or always (got '" + value + "')");
    };
  }

  /** {@code -XX:+UseSerialGC}, {@code -XX:+UseG1GC}, {@code -XX:+UseParallelGC} and the like. */
  static boolean selectsCollector(String option) {
    return option.startsWith("-XX:+Use") && option.endsWith("GC");
  }

  /** Every port this run binds on this machine, fixed ones only (0 = any free port). */
  List<Port> ports() {
    List<Port> ports = new ArrayList<>();
    ports.add(new Port("gateway", "STACK_GATEWAY_PORT", gatewayPort));
    ports.add(new Port("subscription-service", "STACK_SUBSCRIPTION_PORT", subscriptionPort));
    ports.add(new Port("credentials-service", "STACK_CREDENTIALS_PORT", credentialsPort));
    if (postgresUrl.isEmpty() && postgresPort != 0) {
      ports.add(new Port("embedded PostgreSQL", "STACK_POSTGRES_PORT", postgresPort));
    }
    if (smtp.isEmpty() && smtpPort != 0) {
      ports.add(new Port("SMTP sink", "STACK_SMTP_PORT", smtpPort));
    }
    return ports;
  }

  /** The gateway's URL for people: localhost unless it listens on one address only. */
  String gatewayUrl() {
    return "http://" + (wildcardOrLoopback() ? "localhost" : bracketed(host)) + ":" + gatewayPort;
  }

  /** The gateway's URL for the launcher's own requests. */
  String gatewayLocalUrl() {
    return "http://" + (wildcardOrLoopback() ? "127.0.0.1" : bracketed(host)) + ":" + gatewayPort;
  }

  private boolean wildcardOrLoopback() {
    return List.of("0.0.0.0", "::", "127.0.0.1", "localhost", "::1").contains(host);
  }

  private static String bracketed(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  private static SmtpServer smtp(String value, Map<String, String> env) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new StackException(2, "STACK_SMTP must be host:port, e.g. smtp.example.com:587 (got '" + value + "')");
    }
    String host = value.substring(0, colon).trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = number("STACK_SMTP", value.substring(colon + 1).trim(), false);
    String startTls = env.getOrDefault("STACK_SMTP_START_TLS", "").trim().toUpperCase(Locale.ROOT);
    if (startTls.isEmpty()) {
      startTls = "OPTIONAL";
    }
    if (!List.of("DISABLED", "OPTIONAL", "REQUIRED").contains(startTls)) {
      throw new StackException(2, "STACK_SMTP_START_TLS must be DISABLED, OPTIONAL or REQUIRED (got '" + startTls + "')");
    }
    return new SmtpServer(
        host,
        port,
        Optional.ofNullable(blankToNull(env.get("STACK_SMTP_USERNAME"))),
        Optional.ofNullable(env.get("STACK_SMTP_PASSWORD")).filter(p -> !p.isEmpty()),
        startTls);
  }

  private static int port(Map<String, String> env, String variable, int fallback, boolean zeroAllowed) {
    String value = blankToNull(env.get(variable));
    return value == null ? fallback : number(variable, value.trim(), zeroAllowed);
  }

  private static int number(String variable, String value, boolean zeroAllowed) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new StackException(
          2, variable + " must be a port number, 1 to 65535" + (zeroAllowed ? " (0: any free port)" : "")
              + " (got '" + value + "')");
    }
    return port;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
