package com.threatcommand.deploy.localstack;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of the local stack: checks, starts PostgreSQL, the SMTP sink and the three applications,
 * makes the demo credentials, prints what a person needs, and stops everything on SIGINT/SIGTERM.
 * Every part is created in a {@link Steps#step}, so that a signal meanwhile stops it with the rest.
 */
final class Launch {
  /** JVM options of the three applications (then {@code STACK_JAVA_OPTS}): small heaps, quick start. */
  static final List<String> DEFAULT_JAVA_OPTIONS =
      List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final Settings settings;
  private final PrintStream out;
  private final Report report;
  private final Steps steps = new Steps();
  private final Applications applications;
  private Path work;
  private boolean runFileWritten;
  private Database database;
  private MailSink mail;

  Launch(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.report = new Report(settings, out);
    this.applications = new Applications(settings, steps, report);
  }

  boolean isStopping() {
    return steps.isStopping();
  }

  /** Starts the stack and returns once it serves; the caller then waits for {@link #awaitUnexpectedExit}. */
  void start() throws Exception {
    Instant commandStarted = commandStarted();
    Path gatewayJar = StackDirectory.jar(settings, "gateway");
    Path subscriptionJar = StackDirectory.jar(settings, "subscription-service");
    Path credentialsJar = StackDirectory.jar(settings, "credentials-service");
    Files.createDirectories(settings.stackDir());
    StackDirectory.claim(settings, out);
    PortCheck.requireFree(settings.ports());
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-stack-stop"));

    Path logs = settings.stackDir().resolve("logs");
    Path mailDirectory = settings.stackDir().resolve("mail");
    steps.step(
        () -> {
          work = Files.createTempDirectory("threatcommand-stack-" + settings.gatewayPort() + "-");
          Files.createDirectories(work.resolve("keys"));
          StackDirectory.fresh(logs);
          StackDirectory.fresh(mailDirectory);
          return null;
        });
    out.println("Threat Command local stack: starting (work directory " + work + ", removed at stop)");
    RunKeys keys = RunKeys.make(work.resolve("keys"));

    // The gateway needs no database: it starts while PostgreSQL does.
    applications.start(new Application("gateway", settings.gatewayLocalUrl(), gatewayJar, logs.resolve("gateway.log"),
        Environments.gateway(settings, keys)), work);
    steps.step(
        () -> {
          database =
              settings.postgresUrl().isPresent()
                  ? Database.external(settings.postgresUrl().get())
                  : Database.embedded(work.resolve("postgres"), settings.postgresPort(), logs.resolve("postgres.log"));
          return null;
        });
    out.println("  PostgreSQL    " + database.description);
    if (settings.smtp().isEmpty()) {
      steps.step(
          () -> {
            mail = new MailSink(settings.smtpPort() == 0 ? PortCheck.anyFree() : settings.smtpPort(), mailDirectory);
            return null;
          });
      out.println("  SMTP sink     127.0.0.1:" + mail.port + ", every message written to " + mailDirectory);
    } else {
      out.println("  SMTP          " + settings.smtp().get().address() + " (STACK_SMTP)");
    }
    applications.start(new Application("subscription-service", "http://127.0.0.1:" + settings.subscriptionPort(), subscriptionJar,
        logs.resolve("subscription-service.log"),
        Environments.subscription(settings, keys, database.subscription, mail == null ? 0 : mail.port)), work);
    applications.start(new Application("credentials-service", "http://127.0.0.1:" + settings.credentialsPort(), credentialsJar,
        logs.resolve("credentials-service.log"), Environments.credentials(settings, keys, database.credentials)), work);
    writeRunFile();

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    applications.awaitReady(http);
    report.classData(applications.gatewayLast());

    Instant now = Instant.now();
    String adminToken = Keys.adminToken(keys.idp(), Keys.DEMO_ACCOUNT, Keys.DEMO_TOKEN_LIFETIME, now);
    String provisionerToken = Keys.provisionerToken(keys.idp(), Keys.DEMO_TOKEN_LIFETIME, now);
    DemoClient demo = new DemoClient(http, settings.gatewayLocalUrl());
    demo.subscription(adminToken);
    Duration firstRequest = Duration.between(commandStarted, Instant.now());
    String apiKey = demo.apiKey(adminToken);
    boolean keyWorks = demo.testCredentials(Keys.DEMO_ACCOUNT, apiKey);
    steps.checkNotStopping();
    report.summary(firstRequest, adminToken, provisionerToken, apiKey, keyWorks, mail != null);
    // Starting PostgreSQL read its binary archive (about 15 MB) into the heap: give that back.
    System.gc();
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
      applications.awaitAnExit();
      Thread.sleep(300); // a Ctrl-C reaches the applications too: let the launcher's own stop begin
      if (steps.isStopping()) {
        return Optional.empty();
      }
      for (Application app : applications.exited()) {
        int exitCode = app.process().orElseThrow().exitValue();
        if (!settings.restart()) {
          return Optional.of(
              app.name + " exited by itself with code " + exitCode + "; stopping the stack. The end of "
                  + app.log + ":\n" + app.tail(30));
        }
        restart(app, exitCode);
      }
    }
  }

  /** STACK_RESTART=always: starts an application that exited again, and reports when it is ready. */
  private void restart(Application app, int exitCode) {
    report.restarting(app, exitCode);
    try {
      applications.restart(app, work);
      writeRunFile();
    } catch (Steps.Stopping stopping) {
      return;
    } catch (Exception e) {
      report.restartFailed(app, " could not be started again: " + e.getMessage());
      return;
    }
    applications.watchRestart(app);
  }

  /** Stops everything that was started, in order; runs once (shutdown hook, or after a failure). */
  void stop() {
    if (!steps.beginStop() || work == null) {
      return; // stopping already, or nothing was started
    }
    long started = System.nanoTime();
    out.println();
    out.println("Stopping the local stack ...");
    // The applications first, then the SMTP sink and PostgreSQL that they use.
    applications.stop();
    if (mail != null) {
      mail.close();
    }
    if (database != null) {
      database.close();
    }
    if (runFileWritten) {
      RunFile.delete(settings.stackDir());
    }
    StackDirectory.deleteRecursively(work);
    List<String> stopped = new ArrayList<>();
    if (applications.any()) {
      stopped.add("the applications");
    }
    if (mail != null) {
      stopped.add("the SMTP sink");
    }
    if (database != null && database.embedded()) {
      stopped.add("PostgreSQL");
    }
    report.stopped(stopped, Duration.ofNanos(System.nanoTime() - started), mail != null);
  }

  private void writeRunFile() throws Exception {
    List<String> processes = applications.processes();
    database.postmasterPid().flatMap(ProcessHandle::of).ifPresent(p -> processes.add(RunFile.describe(p)));
    ProcessHandle self = ProcessHandle.current();
    RunFile run =
        new RunFile(
            self.pid(), self.info().startInstant().orElse(Instant.EPOCH), work, settings.gatewayUrl(), processes);
    steps.step(
        () -> {
          run.write(settings.stackDir());
          runFileWritten = true;
          return null;
        });
  }
}
