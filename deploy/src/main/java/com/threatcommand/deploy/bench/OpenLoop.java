package com.threatcommand.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator (deploy/bench/run, "open loop"): sends GET requests at a fixed rate
 * whatever the answers' speed, on as many keep-alive connections as that takes, and measures each
 * latency from the moment the request was <em>due</em>, not from when it left, so a stall counts
 * for every request it delayed (no coordinated omission, as in wrk2). wrk, which the other cases
 * use, is closed-loop and cannot say what a proxy adds at a given rate.
 *
 * <pre>
 * java -cp deploy/target/local-stack.jar com.threatcommand.deploy.bench.OpenLoop \
 *     URL RATE SECONDS [WARMUP_SECONDS] [-H 'Name: value']...
 * </pre>
 *
 * Prints one line: {@code rate=R requests=N ok=N failed=N p50=.. p90=.. p99=.. p999=.. max=..}
 * (milliseconds). Exit 1 when any request failed or got an answer other than 2xx.
 */
public final class OpenLoop {
  private OpenLoop() {}

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-H") && i + 1 < args.length) {
        String header = args[++i];
        int colon = header.indexOf(':');
        headers.add(header.substring(0, colon).trim());
        headers.add(header.substring(colon + 1).trim());
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.size() < 3 || positional.size() > 4) {
      System.err.println("usage: OpenLoop URL RATE SECONDS [WARMUP_SECONDS] [-H 'Name: value']...");
      System.exit(2);
    }
    URI uri = URI.create(positional.get(0));
    int rate = Integer.parseInt(positional.get(1));
    int seconds = Integer.parseInt(positional.get(2));
    int warmup = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 5;
    Result result = run(uri, headers.toArray(String[]::new), rate, seconds, warmup);
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

  static Result run(URI uri, String[] headers, int rate, int seconds, int warmupSeconds) throws Exception {
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    HttpRequest request = builder.build();
    int warm = rate * warmupSeconds;
    int total = warm + rate * seconds;
    long[] latencies = new long[total];
    AtomicInteger failed = new AtomicInteger();
    CompletableFuture<?>[] all = new CompletableFuture<?>[total];
    double interval = 1_000_000_000.0 / rate;
    long start = System.nanoTime() + 50_000_000;
    for (int i = 0; i < total; i++) {
      long due = start + (long) (i * interval);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      all[i] =
          client
              .sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (response, error) -> {
                    latencies[index] = System.nanoTime() - due;
                    if (error != null || response.statusCode() / 100 != 2) {
                      if (index >= warm) {
                        failed.incrementAndGet();
                      }
                    }
                    return null;
                  });
    }
    CompletableFuture.allOf(all).join();
    long[] measured = Arrays.copyOfRange(latencies, warm, total);
    Arrays.sort(measured);
    int n = measured.length;
    return new Result(
        rate, n, n - failed.get(), failed.get(),
        ms(percentile(measured, 0.50)), ms(percentile(measured, 0.90)), ms(percentile(measured, 0.99)),
        ms(percentile(measured, 0.999)), ms(measured[n - 1]));
  }

  static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
