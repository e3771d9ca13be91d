package com.threatcommand.deploy.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator (deploy/bench/run, "open loop"): GET requests fall due at a fixed
 * rate whatever the answers' speed; a pool of keep-alive connections (one thread each, up to
 * {@value #MAX_CONNECTIONS}) takes each as it falls due, and its latency is measured from the
 * moment it was <em>due</em>, not from when it left, so a stall counts for every request it delayed
 * (no coordinated omission, as in wrk2). wrk, which the other cases use, is closed-loop and cannot
 * say what a proxy adds at a given rate. A plain HTTP/1.1 client over blocking sockets: the JDK's
 * HttpClient could not keep 1,800 requests per second on this machine.
 *
 * <pre>
 * java -cp deploy/target/local-stack.jar com.threatcommand.deploy.bench.OpenLoop \
 *     URL RATE SECONDS [WARMUP_SECONDS] [--series FILE] [-H 'Name: value']...
 * </pre>
 *
 * Prints one line: {@code rate=R requests=N ok=N failed=N p50=.. p90=.. p99=.. p999=.. max=..}
 * (milliseconds); with {@code --series FILE}, the same per second of the run into FILE. Exit 1
 * when any request failed or got an answer other than 2xx.
 */
public final class OpenLoop {
  private OpenLoop() {}

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    String series = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--series") && i + 1 < args.length) {
        series = args[++i];
      } else if (args[i].equals("-H") && i + 1 < args.length) {
        String header = args[++i];
        int colon = header.indexOf(':');
        headers.add(header.substring(0, colon).trim());
        headers.add(header.substring(colon + 1).trim());
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.size() < 3 || positional.size() > 4) {
      System.err.println("usage: OpenLoop URL RATE SECONDS [WARMUP_SECONDS] [--series FILE] [-H 'Name: value']...");
      System.exit(2);
    }
    URI uri = URI.create(positional.get(0));
    int rate = Integer.parseInt(positional.get(1));
    int seconds = Integer.parseInt(positional.get(2));
    int warmup = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 5;
    Run run = run(uri, headers.toArray(String[]::new), rate, seconds, warmup);
    if (series != null) {
      Files.write(Path.of(series), run.series());
    }
    Result result = run.result();
    System.out.println(result);
    System.exit(result.failed == 0 ? 0 : 1);
  }

  /** What one run measured; latencies in milliseconds. */
  record Result(int rate, int requests, int ok, int failed, double p50, double p90, double p99, double p999, double max) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "rate=%d requests=%d ok=%d failed=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f",
          rate, requests, ok, failed, p50, p90, p99, p999, max);
    }
  }

  /** Connections (and threads) at most: enough for this machine's rates at a few ms each. */
  static final int MAX_CONNECTIONS = 128;

  /**
   * A run's result, and the latency of each request in the order they fell due (nanoseconds,
   * warm-up included) with whether each succeeded.
   */
  record Run(Result result, long[] latencies, boolean[] ok) {
    /**
     * One line per second of the run (warm-up included), by when its requests fell due:
     * {@code second requests failed p50 p99 max} (milliseconds), to see when a stall began.
     */
    List<String> series() {
      int rate = result.rate();
      List<String> lines = new ArrayList<>();
      lines.add("second\trequests\tfailed\tp50_ms\tp99_ms\tmax_ms");
      for (int from = 0, second = 0; from < latencies.length; from += rate, second++) {
        int to = Math.min(latencies.length, from + rate);
        long[] slice = Arrays.copyOfRange(latencies, from, to);
        Arrays.sort(slice);
        int failed = 0;
        for (int i = from; i < to; i++) {
          failed += ok[i] ? 0 : 1;
        }
        lines.add(
            String.format(
                Locale.ROOT, "%d\t%d\t%d\t%.3f\t%.3f\t%.3f", second, to - from, failed,
                ms(percentile(slice, 0.50)), ms(percentile(slice, 0.99)), ms(slice[slice.length - 1])));
      }
      return lines;
    }
  }

  static Run run(URI uri, String[] headers, int rate, int seconds, int warmupSeconds) throws Exception {
    byte[] request = request(uri, headers);
    int warm = rate * warmupSeconds;
    int total = warm + rate * seconds;
    long[] latencies = new long[total];
    boolean[] ok = new boolean[total];
    AtomicInteger next = new AtomicInteger();
    double interval = 1_000_000_000.0 / rate;
    long start = System.nanoTime() + 100_000_000;
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    // Each worker owns one keep-alive connection and takes the next request that falls due; when
    // every worker is busy, a request that is due waits, and its latency counts the wait.
    Thread[] workers = new Thread[Math.min(MAX_CONNECTIONS, Math.max(4, rate / 50))];
    for (int w = 0; w < workers.length; w++) {
      workers[w] =
          new Thread(
              () -> {
                Connection connection = null;
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                  long due = start + (long) (i * interval);
                  long wait;
                  while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  try {
                    if (connection == null) {
                      connection = new Connection(uri.getHost(), port);
                    }
                    int status = connection.exchange(request);
                    ok[i] = status / 100 == 2;
                    if (!connection.keepAlive) {
                      connection.close();
                      connection = null;
                    }
                  } catch (IOException e) {
                    ok[i] = false;
                    if (connection != null) {
                      connection.close();
                      connection = null;
                    }
                  }
                  latencies[i] = System.nanoTime() - due;
                }
                if (connection != null) {
                  connection.close();
                }
              },
              "open-loop-" + w);
      workers[w].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    int failed = 0;
    for (int i = warm; i < total; i++) {
      failed += ok[i] ? 0 : 1;
    }
    long[] measured = Arrays.copyOfRange(latencies, warm, total);
    Arrays.sort(measured);
    int n = measured.length;
    Result result =
        new Result(
            rate, n, n - failed, failed,
            ms(percentile(measured, 0.50)), ms(percentile(measured, 0.90)), ms(percentile(measured, 0.99)),
            ms(percentile(measured, 0.999)), ms(measured[n - 1]));
    return new Run(result, latencies, ok);
  }

  static byte[] request(URI uri, String[] headers) {
    StringBuilder request = new StringBuilder();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    request.append("GET ").append(path).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
        .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(uri.getPort() == -1 ? "" : ":" + uri.getPort())
        .append("\r\n");
    for (int h = 0; h + 1 < headers.length; h += 2) {
      request.append(headers[h]).append(": ").append(headers[h + 1]).append("\r\n");
    }
    return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One HTTP/1.1 keep-alive connection: a request out, the whole answer in (length or chunked). */
  static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    boolean keepAlive = true;

    Connection(String host, int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    int exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      if (!statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not HTTP: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      keepAlive = statusLine.startsWith("HTTP/1.1");
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
          default -> {}
        }
      }
      if (status == 204 || status == 304 || status / 100 == 1) {
        return status; // no body, whatever the headers say
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length >= 0) {
        skip(length);
      } else {
        keepAlive = false; // the body ends with the connection
        while (in.read() >= 0) {
          // drain
        }
      }
      return status;
    }

    private void skip(long bytes) throws IOException {
      while (bytes > 0) {
        long skipped = in.skip(bytes);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed in a body");
          }
          skipped = 1;
        }
        bytes -= skipped;
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
