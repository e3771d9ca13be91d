package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of the local stack: checks, starts PostgreSQL, the SMTP sink and the three applications,
 * makes the demo credentials, prints what a person needs, and stops everything on SIGINT/SIGTERM.
 *
 * <p>Every part is created inside {@link #step}, under the same lock that {@link #stop} takes
 * first: a signal that arrives while PostgreSQL is starting waits for it to be up, then stops it,
 * instead of leaving a server behind that nobody knows of.
 */
final class Launch {
  /** JVM options of the three applications (then {@code STACK_JAVA_OPTS}): small heaps, quick start. */
  static final List<String> DEFAULT_JAVA_OPTIONS =
      List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final Settings settings;
  private final PrintStream out;
  private final Object lock = new Object();
  private boolean stopping;
  private Path work;
  private boolean runFileWritten;
  private Database database;
  private MailSink mail;
  private final List<Application> applications = new ArrayList<>();
  /** Each application's JVM options, for a restart (STACK_RESTART=always). */
  private final Map<Application, List<String>> startOptions = new LinkedHashMap<>();

  /** Thrown in the main thread when a signal stopped the run while it was starting. */
  static final class Stopping extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopping() {
      super("stopping", null, false, false);
    }
  }

  Launch(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  boolean isStopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  /** Starts the stack and returns once it serves; the caller then waits for {@link #awaitUnexpectedExit}. */
  void start() throws Exception {
    Instant commandStarted = commandStarted();
    Path gatewayJar = jar("gateway");
    Path subscriptionJar = jar("subscription-service");
    Path credentialsJar = jar("credentials-service");
    Files.createDirectories(settings.stackDir());
    claimStackDirectory();
    PortCheck.requireFree(settings.ports());
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-stack-stop"));

    Path logs = settings.stackDir().resolve("logs");
    Path mailDirectory = settings.stackDir().resolve("mail");
    step(
        () -> {
          work = Files.createTempDirectory("threatcommand-stack-" + settings.gatewayPort() + "-");
          Files.createDirectories(work.resolve("keys"));
          Files.createDirectories(logs);
          clear(logs);
          Files.createDirectories(mailDirectory);
          clear(mailDirectory);
          return null;
        });
    out.println("Threat Command local stack: starting (work directory " + work + ", removed at stop)");

    // Keys of this run: the identity provider's (admin and provisioner tokens) and the gateway's
    // (internal tokens); the hash secret of stored keys.
    KeyPair idp = Keys.rsa();
    KeyPair gateway = Keys.rsa();
    Path keys = work.resolve("keys");
    Keys.write(idp, keys.resolve("idp-private.pem"), keys.resolve("idp-public.pem"));
    Keys.write(gateway, keys.resolve("gateway-private.pem"), keys.resolve("gateway-public.pem"));
    byte[] hashSecret = new byte[48];
    new SecureRandom().nextBytes(hashSecret);

    // The gateway needs no database: it starts while PostgreSQL does.
    Map<String, String> gatewayEnv = new LinkedHashMap<>();
    gatewayEnv.put("QUARKUS_HTTP_HOST", settings.host());
    gatewayEnv.put("QUARKUS_HTTP_PORT", Integer.toString(settings.gatewayPort()));
    gatewayEnv.put("SUBSCRIPTION_SERVICE_URL", "http://127.0.0.1:" + settings.subscriptionPort());
    gatewayEnv.put("CREDENTIALS_SERVICE_URL", "http://127.0.0.1:" + settings.credentialsPort());
    gatewayEnv.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", keys.resolve("gateway-private.pem").toString());
    gatewayEnv.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("idp-public.pem").toString());
    gatewayEnv.put("MP_JWT_VERIFY_ISSUER", Keys.IDP_ISSUER);
    gatewayEnv.put("MP_JWT_VERIFY_AUDIENCES", Keys.IDP_AUDIENCE);
    // The page is served by the gateway itself (same origin); this lets a front-end dev server call it.
    gatewayEnv.put("CORS_ORIGINS", "http://localhost:5173");
    // The merged /openapi is complete soon after the services are up (production: every 60 s).
    gatewayEnv.put("GATEWAY_OPENAPI_REFRESH", "10S");

    start(
        new Application("gateway", settings.gatewayLocalUrl(), gatewayJar, logs.resolve("gateway.log"), gatewayEnv));

    step(
        () -> {
          database =
              settings.postgresUrl().isPresent()
                  ? Database.external(settings.postgresUrl().get())
                  : Database.embedded(work.resolve("postgres"), settings.postgresPort(), logs.resolve("postgres.log"));
          return null;
        });
    out.println("  PostgreSQL    " + database.description);
    if (settings.smtp().isEmpty()) {
      step(
          () -> {
            mail = new MailSink(settings.smtpPort() == 0 ? PortCheck.anyFree() : settings.smtpPort(), mailDirectory);
            return null;
          });
      out.println("  SMTP sink     127.0.0.1:" + mail.port + ", every message written to " + mailDirectory);
    } else {
      out.println("  SMTP          " + settings.smtp().get().address() + " (STACK_SMTP)");
    }

    String gatewayPublic = "file:" + keys.resolve("gateway-public.pem");
    Map<String, String> subscription = new LinkedHashMap<>();
    subscription.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    subscription.put("QUARKUS_HTTP_PORT", Integer.toString(settings.subscriptionPort()));
    datasource(subscription, database.subscription);
    subscription.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", gatewayPublic);
    subscription.put("DEMO_ENABLED", "true");
    subscription.put("SALES_EMAIL", settings.salesEmail());
    subscription.put("QUARKUS_MAILER_MOCK", "false");
    subscription.put("QUARKUS_MAILER_FROM", settings.mailFrom());
    if (settings.smtp().isPresent()) {
      Settings.SmtpServer smtp = settings.smtp().get();
      subscription.put("QUARKUS_MAILER_HOST", smtp.host());
      subscription.put("QUARKUS_MAILER_PORT", Integer.toString(smtp.port()));
      subscription.put("QUARKUS_MAILER_START_TLS", smtp.startTls());
      if (smtp.port() == 465) {
        subscription.put("QUARKUS_MAILER_TLS", "true"); // SMTPS: TLS from the first byte
      }
      smtp.username().ifPresent(u -> subscription.put("QUARKUS_MAILER_USERNAME", u));
      smtp.password().ifPresent(p -> subscription.put("QUARKUS_MAILER_PASSWORD", p));
    } else {
      subscription.put("QUARKUS_MAILER_HOST", "127.0.0.1");
      subscription.put("QUARKUS_MAILER_PORT", Integer.toString(mail.port));
      subscription.put("QUARKUS_MAILER_START_TLS", "DISABLED");
    }
    // "Get More" mail leaves within 2 s of the request (production: every 10 s).
    subscription.put("UPGRADE_RELAY_EVERY", "2s");

    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    credentials.put("QUARKUS_HTTP_PORT", Integer.toString(settings.credentialsPort()));
    datasource(credentials, database.credentials);
    credentials.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", gatewayPublic);
    credentials.put("KEY_HASH_SECRET", Base64.getEncoder().encodeToString(hashSecret));

    start(
        new Application("subscription-service", "http://127.0.0.1:" + settings.subscriptionPort(), subscriptionJar,
            logs.resolve("subscription-service.log"), subscription));
    start(
        new Application("credentials-service", "http://127.0.0.1:" + settings.credentialsPort(), credentialsJar,
            logs.resolve("credentials-service.log"), credentials));
    writeRunFile();

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    // Each application is watched on its own thread, so that each one's times are its own.
    Map<Application, CompletableFuture<Void>> ready = new LinkedHashMap<>();
    for (Application app : gatewayLast()) {
      ready.put(
          app,
          CompletableFuture.runAsync(
              () -> {
                try {
                  app.awaitReady(http, READY_TIMEOUT, this::checkNotStopping);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new Stopping();
                }
              },
              runnable -> {
                Thread thread = new Thread(runnable, "ready-" + app.name);
                thread.setDaemon(true);
                thread.start();
              }));
    }
    for (Map.Entry<Application, CompletableFuture<Void>> entry : ready.entrySet()) {
      Application app = entry.getKey();
      try {
        entry.getValue().join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
      out.printf(
          Locale.ROOT,
          "  %-21s up %.1f s after its start, ready %.1f s (Quarkus: started in %s), pid %d, log %s%n",
          app.name, seconds(app.upAfter()), seconds(app.readyAfter()), app.quarkusStartTime().orElse("?"),
          app.process().orElseThrow().pid(), app.log);
    }

    printClassData();

    Instant now = Instant.now();
    String adminToken = Keys.adminToken(idp.getPrivate(), Keys.DEMO_ACCOUNT, Keys.DEMO_TOKEN_LIFETIME, now);
    String provisionerToken = Keys.provisionerToken(idp.getPrivate(), Keys.DEMO_TOKEN_LIFETIME, now);
    DemoClient demo = new DemoClient(http, settings.gatewayLocalUrl());
    demo.subscription(adminToken);
    Duration firstRequest = Duration.between(commandStarted, Instant.now());
    String apiKey = demo.apiKey(adminToken);
    boolean keyWorks = demo.testCredentials(Keys.DEMO_ACCOUNT, apiKey);
    checkNotStopping();
    printSummary(firstRequest, adminToken, provisionerToken, apiKey, keyWorks);
    // Starting PostgreSQL read its binary archive (about 15 MB) into the heap: give that back.
    System.gc();
  }

  /** Whether the applications started from their AppCDS archives or make them in this run. */
  private void printClassData() {
    List<String> training = new ArrayList<>();
    List<String> using = new ArrayList<>();
    for (Application app : gatewayLast()) {
      app.classData().ifPresent(archive -> (archive.trains() ? training : using).add(app.name));
    }
    if (!using.isEmpty()) {
      out.println("  Class data    " + String.join(", ", using) + " started from their AppCDS archives (target/local-stack-cds)");
    }
    if (!training.isEmpty()) {
      out.println("  Class data    " + String.join(", ", training) + ": no current AppCDS archive yet; written at the stop"
          + " (a few seconds more), the next start is faster");
    }
  }

  /**
   * When the command was run: {@code STACK_STARTED_AT} (seconds since the epoch, from the script's
   * {@code $EPOCHREALTIME}) if it is from just before this JVM, else this JVM's own start.
   */
  static Instant commandStarted() {
    Instant jvm = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    String value = System.getenv("STACK_STARTED_AT");
    if (value != null && !value.isBlank()) {
      try {
        Instant script =
            Instant.ofEpochMilli(new BigDecimal(value.trim().replace(',', '.')).movePointRight(3).longValue());
        if (!script.isAfter(jvm) && Duration.between(script, jvm).compareTo(Duration.ofMinutes(1)) < 0) {
          return script;
        }
      } catch (NumberFormatException | ArithmeticException e) {
        // not ours: use the JVM's start
      }
    }
    return jvm;
  }

  /**
   * Blocks until one of the applications exits by itself; then says which and returns its log's
   * tail. With {@code STACK_RESTART=always} an application that exits is started again instead
   * (one line says so, another when it is ready), and this waits on.
   */
  Optional<String> awaitUnexpectedExit() throws InterruptedException {
    while (true) {
      List<CompletableFuture<Process>> exits = new ArrayList<>();
      synchronized (lock) {
        for (Application app : applications) {
          app.process().ifPresent(p -> exits.add(p.onExit()));
        }
      }
      try {
        CompletableFuture.anyOf(exits.toArray(new CompletableFuture<?>[0])).get();
      } catch (ExecutionException e) {
        // onExit() does not fail
      }
      Thread.sleep(300); // a Ctrl-C reaches the applications too: let the launcher's own stop begin
      synchronized (lock) {
        if (stopping) {
          return Optional.empty();
        }
      }
      for (Application app : applications) {
        Process process = app.process().orElseThrow();
        if (!process.isAlive()) {
          if (!settings.restart()) {
            return Optional.of(
                app.name + " exited by itself with code " + process.exitValue() + "; stopping the stack. The end of "
                    + app.log + ":\n" + app.tail(30));
          }
          restart(app, process.exitValue());
        }
      }
    }
  }

  /** STACK_RESTART=always: starts an application that exited again, and reports when it is ready. */
  private void restart(Application app, int exitCode) throws InterruptedException {
    out.printf(Locale.ROOT, "restart  %s exited with code %d; starting it again (STACK_RESTART=always)%n", app.name, exitCode);
    out.flush();
    try {
      step(
          () -> {
            app.restart(startOptions.get(app), work);
            return null;
          });
      writeRunFile();
    } catch (Stopping stopping) {
      return;
    } catch (Exception e) {
      out.println("restart  " + app.name + " could not be started again: " + e.getMessage());
      return;
    }
    Thread watcher =
        new Thread(
            () -> {
              try {
                app.awaitReady(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), READY_TIMEOUT,
                    this::checkNotStopping);
                out.printf(Locale.ROOT, "restart  %s ready %.1f s after its start, pid %d%n", app.name,
                    seconds(app.readyAfter()), app.process().orElseThrow().pid());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                out.println("restart  " + app.name + " not ready: " + e.getMessage().lines().findFirst().orElse(""));
              }
              out.flush();
            },
            "ready-again-" + app.name);
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Stops everything that was started, in order; runs once (shutdown hook, or after a failure). */
  void stop() {
    synchronized (lock) {
      if (stopping) {
        return;
      }
      stopping = true;
    }
    if (work == null) {
      return; // nothing was started
    }
    long started = System.nanoTime();
    out.println();
    out.println("Stopping the local stack ...");
    // The gateway first, so that no request reaches a service that is going; then the services
    // (SIGTERM: each finishes its requests and closes its connections); then the SMTP sink and
    // PostgreSQL that they use.
    List<Application> gatewayFirst = gatewayLast();
    Collections.reverse(gatewayFirst);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (Application app : gatewayFirst) {
      app.stop();
      if (app.name.equals("gateway")) {
        app.awaitExit(System.nanoTime() + STOP_TIMEOUT.toNanos() / 2);
      }
    }
    for (Application app : gatewayFirst) {
      app.awaitExit(deadline);
    }
    if (mail != null) {
      mail.close();
    }
    if (database != null) {
      database.close();
    }
    if (runFileWritten) {
      RunFile.delete(settings.stackDir());
    }
    deleteRecursively(work);
    List<String> stopped = new ArrayList<>();
    if (!applications.isEmpty()) {
      stopped.add("the applications");
    }
    if (mail != null) {
      stopped.add("the SMTP sink");
    }
    if (database != null && database.embedded()) {
      stopped.add("PostgreSQL");
    }
    String what =
        stopped.isEmpty()
            ? ""
            : " " + String.join(", ", stopped.subList(0, stopped.size() - 1)) + (stopped.size() > 1 ? " and " : "")
                + stopped.get(stopped.size() - 1);
    out.printf(
        Locale.ROOT,
        "Stopped%s in %.1f s; the work directory is removed. Logs%s stay in %s.%n",
        what,
        seconds(Duration.ofNanos(System.nanoTime() - started)),
        mail != null ? " and mail" : "",
        settings.stackDir());
    out.flush();
  }

  private void printSummary(Duration firstRequest, String adminToken, String provisionerToken, String apiKey, boolean keyWorks) {
    String gateway = settings.gatewayUrl();
    String script = "deploy/local-stack";
    out.println();
    out.printf(Locale.ROOT, "Threat Command is running at %s (first request through the gateway answered %.1f s after the start)%n",
        gateway, seconds(firstRequest));
    out.println("  the page        " + gateway + "/");
    out.println("  API document    " + gateway + "/openapi");
    out.println();
    out.println("Demo admin token (account " + Keys.DEMO_ACCOUNT + ", GOLD; valid " + Keys.DEMO_TOKEN_LIFETIME.toHours() + " h):");
    out.println("  export ADMIN_TOKEN=" + adminToken);
    out.println("  curl -H \"Authorization: Bearer $ADMIN_TOKEN\" " + gateway + "/api/v1/subscription");
    out.println("Another one, for any account, while the stack runs (other demo accounts: README, \"Demo accounts\"):");
    out.println("  " + script + " token admin 6a1e2d3c4b5a697887766001");
    out.println("Demo provisioner token (back office, /api/v1/provisioning; another: " + script + " token provisioner):");
    out.println("  export PROVISIONER_TOKEN=" + provisionerToken);
    out.println("Demo API key of account " + Keys.DEMO_ACCOUNT + " (made through the gateway with the admin token; "
        + (keyWorks ? "checked: 200" : "CHECK FAILED: test-credentials did not answer 200") + "):");
    out.println("  export API_KEY=" + apiKey);
    out.println("  curl -u " + Keys.DEMO_ACCOUNT + ":" + apiKey + " -I " + gateway + "/public/v1/test-credentials");
    if (mail != null) {
      out.println("\"Get More\" mail to " + settings.salesEmail() + " lands in " + settings.stackDir().resolve("mail")
          + " (one .eml file per message, announced below as it arrives)");
    } else {
      out.println("\"Get More\" mail to " + settings.salesEmail() + " goes to " + settings.smtp().get().address());
    }
    out.println("Logs: " + settings.stackDir().resolve("logs") + "    Stop: Ctrl-C (or kill " + ProcessHandle.current().pid() + ")");
    out.println();
    out.flush();
  }

  /** Refuses a second stack on the same directory; cleans up after one that was killed. */
  private void claimStackDirectory() {
    Optional<RunFile> previous = RunFile.read(settings.stackDir());
    if (previous.isEmpty()) {
      return;
    }
    RunFile run = previous.get();
    if (run.launcher().isPresent()) {
      throw new StackException(
          3, "Another local stack (pid " + run.pid + ", " + run.gatewayUrl + ") runs from " + settings.stackDir()
              + ": stop it first (Ctrl-C in its terminal, or kill " + run.pid + "), or give this one its own"
              + " STACK_DIR and ports.");
    }
    List<ProcessHandle> leftovers = new ArrayList<>();
    for (String process : run.processes) {
      RunFile.find(process).ifPresent(leftovers::add);
    }
    if (!leftovers.isEmpty()) {
      out.println("A previous local stack (pid " + run.pid + ") was killed without stopping; stopping what it left: "
          + leftovers.stream().map(p -> Long.toString(p.pid())).toList());
      leftovers.forEach(ProcessHandle::destroy);
      for (ProcessHandle process : leftovers) {
        try {
          process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
          process.destroyForcibly();
        }
      }
    }
    if (Files.isDirectory(run.workDirectory) && run.workDirectory.getFileName().toString().startsWith("threatcommand-stack-")) {
      deleteRecursively(run.workDirectory);
    }
    RunFile.delete(settings.stackDir());
  }

  private void writeRunFile() throws Exception {
    List<String> processes = new ArrayList<>();
    for (Application app : applications) {
      app.process().ifPresent(p -> processes.add(RunFile.describe(p.toHandle())));
    }
    database.postmasterPid().flatMap(ProcessHandle::of).ifPresent(p -> processes.add(RunFile.describe(p)));
    ProcessHandle self = ProcessHandle.current();
    RunFile run =
        new RunFile(
            self.pid(), self.info().startInstant().orElse(Instant.EPOCH), work, settings.gatewayUrl(), processes);
    step(
        () -> {
          run.write(settings.stackDir());
          runFileWritten = true;
          return null;
        });
  }

  private Path jar(String module) {
    Path jar = settings.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new StackException(
          1, "The packaged " + module + " is missing (" + jar + "). Build first: deploy/local-stack builds what"
              + " is missing unless STACK_BUILD=never; or ./mvnw -Dmaven.test.skip=true package.");
    }
    return jar;
  }

  /** Starts an application's JVM (a step: a signal meanwhile stops it with the rest). */
  private void start(Application app) throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp").resolve(app.name));
    List<String> options = new ArrayList<>(settings.javaOptions());
    // Whatever an application puts in its temporary directory goes when the work directory goes.
    options.add(0, "-Djava.io.tmpdir=" + tmp);
    // Gives the malloc'ed memory that start-up used and freed back to the system (JDK 17.0.9+, 21.0.1+).
    if (ClassDataSharing.HotSpot.supports("TrimNativeHeapInterval")) {
      options.addAll(1, List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000"));
    }
    step(
        () -> {
          app.start(options, work);
          applications.add(app);
          startOptions.put(app, List.copyOf(options));
          return null;
        });
  }

  /** The applications, the services before the gateway (which is ready only when they are). */
  private List<Application> gatewayLast() {
    List<Application> ordered = new ArrayList<>(applications);
    ordered.sort(Comparator.comparing(app -> app.name.equals("gateway")));
    return ordered;
  }

  private <T> T step(Callable<T> action) throws Exception {
    synchronized (lock) {
      if (stopping) {
        throw new Stopping();
      }
      return action.call();
    }
  }

  private void checkNotStopping() {
    synchronized (lock) {
      if (stopping) {
        throw new Stopping();
      }
    }
  }

  private static void datasource(Map<String, String> env, Database.Login login) {
    env.put("QUARKUS_DATASOURCE_JDBC_URL", login.jdbcUrl());
    login.username().ifPresent(u -> env.put("QUARKUS_DATASOURCE_USERNAME", u));
    login.password().ifPresent(p -> env.put("QUARKUS_DATASOURCE_PASSWORD", p));
  }

  private static void clear(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file)) {
          Files.delete(file);
        }
      }
    }
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("local-stack: could not remove " + directory + ": " + e.getMessage());
    }
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
