package com.threatcommand.deploy.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's embedded PostgreSQL, stopped and started again on the same data directory: stopped
 * with SIGINT to the postmaster (PostgreSQL's "fast" shutdown, what {@code pg_ctl stop -m fast}
 * sends), started with the very command line it was started with ({@code postmaster.opts}); as
 * root, under {@code unshare -U} as zonky's launcher does (PostgreSQL refuses to run as root).
 */
final class Postgres {
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)");

  private final Path data;
  private final Path log;
  private Process started;

  Postgres(Path data, Path log) {
    this.data = data;
    this.log = log;
  }

  long postmaster() throws IOException {
    return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
  }

  void stop() throws Exception {
    long pid = postmaster();
    ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
    Processes.signal(pid, "INT");
    handle.onExit().get(60, TimeUnit.SECONDS);
  }

  void start() throws Exception {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    Matcher m = QUOTED.matcher(Files.readString(data.resolve("postmaster.opts")).trim());
    while (m.find()) {
      command.add(m.group(1) != null ? m.group(1).replace("\\\"", "\"") : m.group(2));
    }
    started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }
}
