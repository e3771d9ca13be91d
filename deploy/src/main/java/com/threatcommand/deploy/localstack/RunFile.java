package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code <STACK_DIR>/run.properties}: which local stack runs from this directory (its launcher's
 * process, work directory, gateway and processes). The {@code token} command finds the run's
 * identity-provider key through it; the next start finds and cleans up after a launcher that was
 * killed without stopping its processes.
 */
final class RunFile {
  static final String NAME = "run.properties";

  final long pid;
  final Instant pidStarted;
  final Path workDirectory;
  final String gatewayUrl;
  final List<String> processes;

  RunFile(long pid, Instant pidStarted, Path workDirectory, String gatewayUrl, List<String> processes) {
    this.pid = pid;
    this.pidStarted = pidStarted;
    this.workDirectory = workDirectory;
    this.gatewayUrl = gatewayUrl;
    this.processes = processes;
  }

  static Path path(Path stackDir) {
    return stackDir.resolve(NAME);
  }

  Path idpKey() {
    return workDirectory.resolve("keys/idp-private.pem");
  }

  Path gatewayKey() {
    return workDirectory.resolve("keys/gateway-private.pem");
  }

  /** A process as {@code pid@startMillis}, so that a reused process ID is never mistaken for ours. */
  static String describe(ProcessHandle process) {
    return process.pid() + "@" + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** The process of a {@link #describe} entry, while it still runs. */
  static Optional<ProcessHandle> find(String described) {
    int at = described.indexOf('@');
    try {
      long pid = Long.parseLong(described.substring(0, at));
      long started = Long.parseLong(described.substring(at + 1));
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == started);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The launcher that wrote this file, if it still runs. */
  Optional<ProcessHandle> launcher() {
    return find(pid + "@" + pidStarted.toEpochMilli());
  }

  void write(Path stackDir) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("pid", Long.toString(pid));
    properties.setProperty("pid.started", Long.toString(pidStarted.toEpochMilli()));
    properties.setProperty("work.directory", workDirectory.toString());
    properties.setProperty("gateway.url", gatewayUrl);
    properties.setProperty("processes", String.join(",", processes));
    Path file = path(stackDir);
    Path partial = stackDir.resolve(NAME + ".partial");
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      properties.store(out, "The local stack running from this directory (deleted when it stops)");
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Optional<RunFile> read(Path stackDir) {
    Path file = path(stackDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
      List<String> processes = new ArrayList<>();
      for (String process : properties.getProperty("processes", "").split(",")) {
        if (!process.isBlank()) {
          processes.add(process.trim());
        }
      }
      return Optional.of(
          new RunFile(
              Long.parseLong(properties.getProperty("pid")),
              Instant.ofEpochMilli(Long.parseLong(properties.getProperty("pid.started"))),
              Path.of(properties.getProperty("work.directory")),
              properties.getProperty("gateway.url"),
              processes));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static void delete(Path stackDir) {
    try {
      Files.deleteIfExists(path(stackDir));
    } catch (IOException e) {
      System.err.println("local-stack: could not delete " + path(stackDir) + ": " + e.getMessage());
    }
  }
}
