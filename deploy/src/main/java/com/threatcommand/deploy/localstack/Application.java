package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the three applications, run from its packaged jar ({@code quarkus-run.jar}, the prod
 * profile as in production) in a child JVM whose output goes to its log file.
 */
final class Application {
  /** Configuration that the stack decides; the same names in the launcher's environment are not passed on. */
  private static final List<String> OWN_PREFIXES =
      List.of("QUARKUS_", "MP_JWT_", "MP_OPENAPI_", "SMALLRYE_", "GATEWAY_", "KEY_", "UPGRADE_", "IDEMPOTENCY_",
          "DEMO_", "SALES_", "CORS_", "INTERNAL_TOKEN_", "SUBSCRIPTION_SERVICE_", "CREDENTIALS_SERVICE_");
  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

  final String name;
  final String url;
  final Path jar;
  final Path log;
  private final Map<String, String> environment;
  private final Optional<ClassDataSharing> classData;
  private Process process;
  private long startedNanos;
  private Duration upAfter;
  private Duration readyAfter;

  Application(String name, String url, Path jar, Path log, Map<String, String> environment) {
    this.name = name;
    this.url = url;
    this.jar = jar;
    this.log = log;
    this.environment = environment;
    this.classData = ClassDataSharing.of(jar);
  }

  void start(List<String> javaOptions, Path workingDirectory) {
    start(javaOptions, workingDirectory, false);
  }

  /** Starts it again after it exited (STACK_RESTART=always): the same command, its log appended to. */
  void restart(List<String> javaOptions, Path workingDirectory) {
    start(javaOptions, workingDirectory, true);
  }

  private void start(List<String> javaOptions, Path workingDirectory, boolean append) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    classData.ifPresent(archive -> command.addAll(archive.options()));
    command.addAll(javaOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    builder.environment().keySet().removeIf(key -> OWN_PREFIXES.stream().anyMatch(key::startsWith));
    builder.environment().putAll(environment);
    // glibc: two malloc arenas instead of up to 8 per core; the JVM allocates little with malloc.
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    startedNanos = System.nanoTime();
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new StackException(1, "Could not start " + name + ": " + e.getMessage(), e);
    }
  }

  Optional<Process> process() {
    return Optional.ofNullable(process);
  }

  /** Its class data archive (AppCDS), when this JVM makes one. */
  Optional<ClassDataSharing> classData() {
    return classData;
  }

  /**
   * Waits until {@code /q/health/live} answers 200 (the application is up: its own start time),
   * then {@code /q/health/ready} (its database or upstreams are reachable too), or the process
   * exits, or the time is up.
   */
  void awaitReady(HttpClient http, Duration timeout, Runnable stopping) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    upAfter = await(http, "/q/health/live", deadline, timeout, stopping);
    readyAfter = await(http, "/q/health/ready", deadline, timeout, stopping);
  }

  private Duration await(HttpClient http, String path, long deadline, Duration timeout, Runnable stopping)
      throws InterruptedException {
    HttpRequest probe = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      stopping.run();
      if (!process.isAlive()) {
        Thread.sleep(300); // a Ctrl-C reaches the applications too: let the launcher's own stop show first
        stopping.run();
        throw new StackException(
            1, name + " exited with code " + process.exitValue() + " before it was ready. The end of " + log + ":\n"
                + tail(30));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(50);
    }
    throw new StackException(
        1, name + " was not ready within " + timeout.toSeconds() + " s. The end of " + log + ":\n" + tail(30));
  }

  /** From the JVM's start to its first 200 on {@code /q/health/live}. */
  Duration upAfter() {
    return upAfter;
  }

  Duration readyAfter() {
    return readyAfter;
  }

  /** Quarkus's own "started in N s" (JVM start to listening), when its log says it. */
  Optional<String> quarkusStartTime() {
    try {
      Matcher matcher = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
      return matcher.find() ? Optional.of(matcher.group(1) + " s") : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** SIGTERM (the application shuts down gracefully); see {@link #awaitExit}. */
  void stop() {
    if (process != null && process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
  }

  /** Waits for the exit until the deadline, then kills the process and whatever it started. */
  void awaitExit(long deadlineNanos) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    try {
      long left = Math.max(0, deadlineNanos - System.nanoTime());
      if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
        System.err.println("local-stack: " + name + " did not stop in time; killing it");
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (!process.isAlive()) {
      classData.ifPresent(archive -> archive.exited(process));
    }
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "    " + String.join("\n    ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "    (no log: " + e.getMessage() + ")";
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
