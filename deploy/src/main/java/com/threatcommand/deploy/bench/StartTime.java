package com.threatcommand.deploy.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Case 7 of the benchmark, one application started on its own: starts the command, asks {@code
 * URL} every 5 ms from the moment the process is created until the first 2xx (a real request of
 * the application's, with the header given), then leaves it without requests for {@code IDLE}
 * seconds, reads its resident memory (VmRSS), and stops it with SIGTERM.
 *
 * <pre>
 * java -cp deploy/target/local-stack.jar com.threatcommand.deploy.bench.StartTime \
 *     URL 'Name: value' IDLE_SECONDS LOG_FILE -- COMMAND...
 * </pre>
 *
 * The command inherits this JVM's environment. Prints {@code first2xx_ms=N rss_mib=N}. Linux only.
 */
public final class StartTime {
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(120);

  private StartTime() {}

  public static void main(String[] args) throws Exception {
    int dashes = List.of(args).indexOf("--");
    if (dashes != 4 || args.length < 6) {
      System.err.println("usage: StartTime URL 'Name: value' IDLE_SECONDS LOG_FILE -- COMMAND...");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    String header = args[1];
    int colon = header.indexOf(':');
    String[] headers = {header.substring(0, colon).trim(), header.substring(colon + 1).trim()};
    int idle = Integer.parseInt(args[2]);
    File log = new File(args[3]);
    List<String> command = new ArrayList<>(List.of(args).subList(5, args.length));

    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    byte[] request = OpenLoop.request(uri, headers);
    long started = System.nanoTime();
    Process process = builder.start();
    long first = -1;
    try {
      while (first < 0) {
        if (!process.isAlive()) {
          throw new IllegalStateException("exited with " + process.exitValue() + " before answering; see " + log);
        }
        if (System.nanoTime() - started > GIVE_UP_NANOS) {
          throw new IllegalStateException("no 2xx within 120 s; see " + log);
        }
        try {
          OpenLoop.Connection connection = new OpenLoop.Connection(uri.getHost(), uri.getPort());
          try {
            if (connection.exchange(request) / 100 == 2) {
              first = System.nanoTime() - started;
            }
          } finally {
            connection.close();
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (first < 0) {
          Thread.sleep(5);
        }
      }
      Thread.sleep(idle * 1000L);
      String rss =
          Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .map(l -> Long.toString(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024))
              .findFirst()
              .orElse("?");
      System.out.printf(Locale.ROOT, "first2xx_ms=%d rss_mib=%s%n", TimeUnit.NANOSECONDS.toMillis(first), rss);
    } finally {
      process.destroy(); // SIGTERM
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
