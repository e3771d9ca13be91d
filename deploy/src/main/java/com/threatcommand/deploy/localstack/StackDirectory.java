package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files of a run: the packaged applications it starts, the stack directory ({@code STACK_DIR}:
 * logs, mail and the run file, one stack at a time) and the work directory removed at the stop.
 */
final class StackDirectory {
  private StackDirectory() {}

  /** An application's packaged jar; a clear message if it was not built. */
  static Path jar(Settings settings, String module) {
    Path jar = settings.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new StackException(
          1, "The packaged " + module + " is missing (" + jar + "). Build first: deploy/local-stack builds what"
              + " is missing unless STACK_BUILD=never; or ./mvnw -Dmaven.test.skip=true package.");
    }
    return jar;
  }

  /** Refuses a second stack on the same directory; cleans up after one that was killed. */
  static void claim(Settings settings, PrintStream out) {
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
          process.onExit().get(Launch.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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

  /** Creates the directory if needed and empties it of the previous run's files. */
  static void fresh(Path directory) throws IOException {
    Files.createDirectories(directory);
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
}
