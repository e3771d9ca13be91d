package com.threatcommand.deploy.localstack;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/** The applications' JVMs of one run: each started in a step, watched until ready, stopped gateway first. */
final class Applications {
  private final Settings settings;
  private final Steps steps;
  private final Report report;
  private final List<Application> started = new CopyOnWriteArrayList<>();
  /** Each application's JVM options, for a restart (STACK_RESTART=always). */
  private final Map<Application, List<String>> startOptions = new LinkedHashMap<>();

  Applications(Settings settings, Steps steps, Report report) {
    this.settings = settings;
    this.steps = steps;
    this.report = report;
  }

  /** Starts an application's JVM (a step: a signal meanwhile stops it with the rest). */
  void start(Application app, Path work) throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp").resolve(app.name));
    List<String> options = new ArrayList<>(settings.javaOptions());
    // Whatever an application puts in its temporary directory goes when the work directory goes.
    options.add(0, "-Djava.io.tmpdir=" + tmp);
    // Gives the malloc'ed memory that start-up used and freed back to the system (JDK 17.0.9+, 21.0.1+).
    if (ClassDataSharing.HotSpot.supports("TrimNativeHeapInterval")) {
      options.addAll(1, List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000"));
    }
    steps.step(
        () -> {
          app.start(options, work);
          started.add(app);
          startOptions.put(app, List.copyOf(options));
          return null;
        });
  }

  /** Starts an application that exited again, with the options of its first start. */
  void restart(Application app, Path work) throws Exception {
    steps.step(
        () -> {
          app.restart(startOptions.get(app), work);
          return null;
        });
  }

  /** Waits until every application is ready, each watched on its own thread so that each one's times are its own. */
  void awaitReady(HttpClient http) {
    Map<Application, CompletableFuture<Void>> ready = new LinkedHashMap<>();
    for (Application app : gatewayLast()) {
      ready.put(app, CompletableFuture.runAsync(() -> awaitReady(app, http), runnable -> daemon(runnable, "ready-" + app.name)));
    }
    for (Map.Entry<Application, CompletableFuture<Void>> entry : ready.entrySet()) {
      try {
        entry.getValue().join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
      report.ready(entry.getKey());
    }
  }

  /** Reports, in the background, when an application started again is ready (or that it is not). */
  void watchRestart(Application app) {
    daemon(
        () -> {
          try {
            app.awaitReady(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), Launch.READY_TIMEOUT,
                steps::checkNotStopping);
            report.restarted(app);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            report.restartFailed(app, " not ready: " + e.getMessage().lines().findFirst().orElse(""));
          }
        },
        "ready-again-" + app.name);
  }

  private void awaitReady(Application app, HttpClient http) {
    try {
      app.awaitReady(http, Launch.READY_TIMEOUT, steps::checkNotStopping);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Steps.Stopping();
    }
  }

  /** Blocks until one of the applications exits, by itself or by a signal. */
  void awaitAnExit() throws InterruptedException {
    List<CompletableFuture<Process>> exits = new ArrayList<>();
    for (Application app : started) {
      app.process().ifPresent(p -> exits.add(p.onExit()));
    }
    try {
      CompletableFuture.anyOf(exits.toArray(new CompletableFuture<?>[0])).get();
    } catch (ExecutionException e) {
      // onExit() does not fail
    }
  }

  /** The gateway first, so that no request reaches a service that is going; then the services (SIGTERM). */
  void stop() {
    List<Application> gatewayFirst = gatewayLast();
    Collections.reverse(gatewayFirst);
    long deadline = System.nanoTime() + Launch.STOP_TIMEOUT.toNanos();
    for (Application app : gatewayFirst) {
      app.stop();
      if (app.name.equals("gateway")) {
        app.awaitExit(System.nanoTime() + Launch.STOP_TIMEOUT.toNanos() / 2);
      }
    }
    for (Application app : gatewayFirst) {
      app.awaitExit(deadline);
    }
  }

  /** The applications, the services before the gateway (which is ready only when they are). */
  List<Application> gatewayLast() {
    List<Application> ordered = new ArrayList<>(started);
    ordered.sort(Comparator.comparing(app -> app.name.equals("gateway")));
    return ordered;
  }

  /** The applications whose JVM has exited. */
  List<Application> exited() {
    return started.stream().filter(app -> !app.process().orElseThrow().isAlive()).toList();
  }

  boolean any() {
    return !started.isEmpty();
  }

  /** Each running JVM, as the run file describes it. */
  List<String> processes() {
    List<String> processes = new ArrayList<>();
    for (Application app : started) {
      app.process().ifPresent(p -> processes.add(RunFile.describe(p.toHandle())));
    }
    return processes;
  }

  private static void daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    thread.start();
  }
}
