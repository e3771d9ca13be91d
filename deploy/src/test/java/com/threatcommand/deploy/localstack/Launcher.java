package com.threatcommand.deploy.localstack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy/local-stack} started as a person starts it (the script, from the repository root),
 * with {@code STACK_BUILD=never} because the reactor has just packaged everything, and the given
 * {@code STACK_*} variables. Its output (stdout and stderr) is collected line by line.
 */
final class Launcher implements AutoCloseable {
  final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private Launcher(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "launcher-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static Launcher start(Path root, Map<String, String> variables, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    if (sigintIgnored()) {
      // Started in the background by a shell, this JVM (and so every child) ignores SIGINT, which
      // a JVM then never un-ignores; a person's terminal never does that. Restore the default.
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.add(root.resolve("deploy/local-stack").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("STACK_"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("STACK_BUILD", "never");
    builder.environment().putAll(variables);
    return new Launcher(builder.start());
  }

  long pid() {
    return process.pid();
  }

  /** Group 1 of the first output line matching the pattern, waiting for it while the launcher runs. */
  String awaitLine(Pattern pattern, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> find(pattern).isPresent() || !process.isAlive());
    return find(pattern)
        .orElseThrow(() -> new AssertionError(
            "The launcher " + (process.isAlive() ? "is still running" : "exited with " + process.exitValue())
                + " and never printed " + pattern + ". Its output:\n" + output()));
  }

  Optional<String> find(Pattern pattern) {
    for (String line : lines) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return Optional.of(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
      }
    }
    return Optional.empty();
  }

  String output() {
    return String.join("\n", lines);
  }

  void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + pid()).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid());
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The launcher did not exit within " + timeout + ". Its output:\n" + output());
    }
    // The reader has seen the last lines once the stream is closed.
    await().atMost(Duration.ofSeconds(5)).until(() -> readerDone);
    return process.exitValue();
  }

  private volatile boolean readerDone;

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // the process is gone
    } finally {
      readerDone = true;
    }
  }

  private static boolean sigintIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0; // SIGINT = 2
        }
      }
    } catch (IOException | NumberFormatException notLinux) {
      // no /proc: nothing to restore
    }
    return false;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
