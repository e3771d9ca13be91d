package com.threatcommand.deploy.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The applications' processes, found by their port; signals; copies of a running application. */
final class Processes {
  private Processes() {}

  /** The JVM of the application (its quarkus-run.jar) that listens on {@code port} (QUARKUS_HTTP_PORT). */
  static Optional<Long> applicationOn(int port) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          List<String> cmd = nulSeparated(proc.resolve("cmdline"));
          if (cmd.stream().noneMatch(a -> a.endsWith("quarkus-run.jar"))) {
            continue;
          }
          if (nulSeparated(proc.resolve("environ")).contains("QUARKUS_HTTP_PORT=" + port)) {
            return Optional.of(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    kill.waitFor();
  }

  /** Starts another instance of a running application: its command and environment, other settings on top. */
  static Process copy(long pid, Map<String, String> overrides, Path log) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid));
    List<String> command = new ArrayList<>(nulSeparated(proc.resolve("cmdline")));
    command.removeIf(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
    Map<String, String> environment = new LinkedHashMap<>();
    for (String e : nulSeparated(proc.resolve("environ"))) {
      int eq = e.indexOf('=');
      if (eq > 0) {
        environment.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    environment.putAll(overrides);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(proc.resolve("cwd").toRealPath().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder.start();
  }

  static List<String> nulSeparated(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\0"));
  }
}
