package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The local stack: {@code deploy/local-stack} (README, "Local stack") runs this with no argument to
 * start everything, or {@code token admin [accountId]} / {@code token provisioner} to mint another
 * identity-provider token for the stack that runs ({@code token internal SERVICE GROUP [accountId]}:
 * a gateway-signed internal token, for calling a service directly, as the benchmark does).
 */
public final class LocalStack {
  private LocalStack() {}

  public static void main(String[] args) {
    // zonky and GreenMail log through slf4j: only their warnings reach the console.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    List<String> arguments = new ArrayList<>(Arrays.asList(args));
    String command = arguments.isEmpty() ? "start" : arguments.remove(0);
    try {
      Path root = root();
      switch (command) {
        case "start" -> start(Settings.from(System.getenv(), root), arguments);
        case "token" -> System.out.println(token(Settings.from(System.getenv(), root), arguments));
        case "help", "-h", "--help" -> System.out.print(USAGE);
        default -> throw new StackException(2, "Unknown command '" + command + "'.\n" + USAGE);
      }
    } catch (StackException e) {
      System.err.println("local-stack: " + e.getMessage());
      System.exit(e.exitCode);
    }
  }

  private static void start(Settings settings, List<String> arguments) {
    if (!arguments.isEmpty()) {
      throw new StackException(2, "start takes no arguments (configure it with STACK_* variables).\n" + USAGE);
    }
    Launch launch = new Launch(settings, System.out);
    try {
      launch.start();
      Optional<String> failure = launch.awaitUnexpectedExit();
      if (failure.isPresent()) {
        System.err.println("local-stack: " + failure.get());
        System.exit(1); // the shutdown hook stops the rest
      }
    } catch (Steps.Stopping stopping) {
      // A signal arrived while starting: the shutdown hook stops what was started.
    } catch (StackException e) {
      if (!stoppedBySignal(launch)) {
        System.err.println("local-stack: " + e.getMessage());
        System.exit(e.exitCode);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!stoppedBySignal(launch)) {
        System.err.println("local-stack: could not start: " + e);
        e.printStackTrace();
        System.exit(1);
      }
    }
  }

  /**
   * A Ctrl-C reaches the launcher's children too (initdb, pg_ctl, the applications), so a failure
   * while starting may be the signal's doing: then the stop that it started says what happens.
   */
  private static boolean stoppedBySignal(Launch launch) {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return launch.isStopping();
  }

  /**
   * {@code token admin [accountId] [--hours N]}, {@code token provisioner [--hours N]} or {@code
   * token internal SERVICE GROUP [accountId]} (5 minutes, as the gateway's own).
   */
  static String token(Settings settings, List<String> arguments) {
    if (!arguments.isEmpty() && arguments.get(0).equals("internal")) {
      return internalToken(settings, arguments.subList(1, arguments.size()));
    }
    List<String> rest = new ArrayList<>(arguments);
    Duration lifetime = Keys.DEMO_TOKEN_LIFETIME;
    int hours = rest.indexOf("--hours");
    if (hours >= 0) {
      if (hours + 1 >= rest.size()) {
        throw new StackException(2, "--hours needs a number of hours");
      }
      try {
        lifetime = Duration.ofHours(Long.parseLong(rest.get(hours + 1)));
      } catch (NumberFormatException e) {
        throw new StackException(2, "--hours needs a number of hours (got '" + rest.get(hours + 1) + "')");
      }
      if (lifetime.isNegative() || lifetime.isZero() || lifetime.toHours() > 24 * 30) {
        throw new StackException(2, "--hours must be 1 to 720");
      }
      rest.remove(hours + 1);
      rest.remove(hours);
    }
    if (rest.isEmpty() || !(rest.get(0).equals("admin") || rest.get(0).equals("provisioner"))
        || rest.size() > (rest.get(0).equals("admin") ? 2 : 1)) {
      throw new StackException(2, "usage: deploy/local-stack token admin [accountId] [--hours N] | token provisioner [--hours N]");
    }
    PrivateKey key = runningKey(settings, RunFile::idpKey, "identity-provider");
    Instant now = Instant.now();
    return rest.get(0).equals("admin")
        ? Keys.adminToken(key, rest.size() > 1 ? rest.get(1) : Keys.DEMO_ACCOUNT, lifetime, now)
        : Keys.provisionerToken(key, lifetime, now);
  }

  private static String internalToken(Settings settings, List<String> rest) {
    if (rest.size() < 2 || rest.size() > 3 || !Keys.SERVICES.contains(rest.get(0))
        || !Keys.INTERNAL_GROUPS.contains(rest.get(1))) {
      throw new StackException(
          2, "usage: deploy/local-stack token internal " + String.join("|", Keys.SERVICES) + " "
              + String.join("|", Keys.INTERNAL_GROUPS) + " [accountId]");
    }
    String accountId = rest.size() > 2 ? rest.get(2) : Keys.DEMO_ACCOUNT;
    Keys.requireAccountId(accountId);
    PrivateKey key = runningKey(settings, RunFile::gatewayKey, "gateway");
    return Keys.internalToken(key, rest.get(0), rest.get(1), accountId, Instant.now());
  }

  private static PrivateKey runningKey(
      Settings settings, Function<RunFile, Path> which, String whose) {
    RunFile run =
        RunFile.read(settings.stackDir())
            .filter(r -> r.launcher().isPresent())
            .orElseThrow(
                () ->
                    new StackException(
                        1, "No local stack runs from " + settings.stackDir() + ". Start it with deploy/local-stack"
                            + " (tokens are signed with the " + whose + " key of the running stack)."));
    try {
      return Keys.readPrivate(which.apply(run));
    } catch (IOException e) {
      throw new StackException(1, "Cannot read the running stack's " + whose + " key: " + e.getMessage(), e);
    }
  }

  /** The repository: {@code -Dlocalstack.root}, else the one this launcher was built in. */
  static Path root() {
    String configured = System.getProperty("localstack.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    try {
      // deploy/target/local-stack.jar, or deploy/target/classes: three levels below the root.
      Path here = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return here.getParent().getParent().getParent().toAbsolutePath().normalize();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }

  static final String USAGE =
      """
      usage: deploy/local-stack                       start the whole system (Ctrl-C stops it)
             deploy/local-stack token admin [accountId] [--hours N]
             deploy/local-stack token provisioner [--hours N]
                                                     another token for the running stack
             deploy/local-stack token internal subscription-service|credentials-service GROUP [accountId]
                                                     a 5-minute internal token, as the gateway mints
                                                     (GROUP: admin, provisioner, api-key, appliance-key, gateway)
             deploy/local-stack help

      Variables (README, "Local stack"):
        STACK_GATEWAY_PORT, STACK_SUBSCRIPTION_PORT, STACK_CREDENTIALS_PORT   8080, 8081, 8082
        STACK_HOST               address the gateway listens on (127.0.0.1; 0.0.0.0 for every interface)
        STACK_POSTGRES_URL       an external PostgreSQL, e.g. jdbc:postgresql://localhost:5432/?user=postgres&password=...
                                 (databases subscription and credentials are created if missing)
        STACK_POSTGRES_PORT      port of the embedded PostgreSQL (any free port)
        STACK_SMTP               an external SMTP server, host:port (with STACK_SMTP_USERNAME,
                                 STACK_SMTP_PASSWORD, STACK_SMTP_START_TLS=DISABLED|OPTIONAL|REQUIRED)
        STACK_SMTP_PORT          port of the SMTP sink (any free port)
        STACK_SALES_EMAIL, STACK_MAIL_FROM   recipient and sender of "Get More" mail
        STACK_DIR                logs, mail and the run file (.local-stack in the repository)
        STACK_JAVA_OPTS          extra JVM options for the three applications
        STACK_BUILD              auto (build when a source changed), always, never
        STACK_RESTART            never (an application that exits stops the stack) or always (it is
                                 started again, as Kubernetes does; deploy/chaos/run uses it)
      """;
}
