package com.threatcommand.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Revocation propagation (deploy/bench/run): per round, makes an API key through the first gateway,
 * warms every gateway replica's cache with it (a 200 from each), revokes it with {@code DELETE
 * /api/v1/credentials/api-key}, and from the moment that DELETE returns, asks every replica in a
 * tight loop (one thread each) until it refuses the key. A round's time for a replica is from the
 * DELETE's answer to that replica's first 401; "every replica" is the slowest of them.
 *
 * <p>Each round speaks as its own client ({@code X-Forwarded-For: 10.x.y.z}; the replicas must
 * trust it, as behind an ingress): the polls' 401s would otherwise trip the failed-login limiter.
 *
 * <pre>
 * java -cp deploy/target/local-stack.jar com.threatcommand.deploy.bench.Revocation \
 *     ADMIN_TOKEN ACCOUNT_ID ROUNDS GATEWAY_URL [GATEWAY_URL]...
 * </pre>
 */
public final class Revocation {
  private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"(tcak_[0-9A-Za-z]+)\"");
  private static final Duration GIVE_UP = Duration.ofSeconds(10);

  private Revocation() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: Revocation ADMIN_TOKEN ACCOUNT_ID ROUNDS GATEWAY_URL [GATEWAY_URL]...");
      System.exit(2);
    }
    String adminToken = args[0];
    String accountId = args[1];
    int rounds = Integer.parseInt(args[2]);
    List<URI> gateways = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      gateways.add(URI.create(args[i].replaceAll("/+$", "")));
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pollers = Executors.newFixedThreadPool(gateways.size());
    long[][] perReplica = new long[gateways.size()][rounds];
    long[] every = new long[rounds];
    URI admin = gateways.get(0).resolve("/api/v1/credentials/api-key");

    // A key left by an earlier run would make the first generate a 409.
    send(http, HttpRequest.newBuilder(admin).DELETE().header("Authorization", "Bearer " + adminToken));
    for (int round = 0; round < rounds; round++) {
      String client = "10." + (round >> 16 & 255) + "." + (round >> 8 & 255) + "." + (round & 255);
      HttpResponse<String> created =
          send(
              http,
              HttpRequest.newBuilder(admin)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .header("Authorization", "Bearer " + adminToken));
      Matcher key = KEY.matcher(created.body());
      if (created.statusCode() != 201 || !key.find()) {
        throw new IllegalStateException("generate answered " + created.statusCode());
      }
      String basic =
          "Basic " + Base64.getEncoder().encodeToString((accountId + ":" + key.group(1)).getBytes(StandardCharsets.UTF_8));
      List<HttpRequest> probes = new ArrayList<>();
      for (URI gateway : gateways) {
        HttpRequest probe =
            HttpRequest.newBuilder(gateway.resolve("/public/v1/test-credentials"))
                .GET()
                .header("Authorization", basic)
                .header("X-Forwarded-For", client)
                .build();
        probes.add(probe);
        int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
          throw new IllegalStateException(gateway + " refused a fresh key: " + status);
        }
      }
      HttpResponse<String> revoked =
          send(http, HttpRequest.newBuilder(admin).DELETE().header("Authorization", "Bearer " + adminToken));
      long revokedAt = System.nanoTime();
      if (revoked.statusCode() != 204) {
        throw new IllegalStateException("revoke answered " + revoked.statusCode());
      }
      List<Future<Long>> refusals = new ArrayList<>();
      for (HttpRequest probe : probes) {
        refusals.add(pollers.submit(() -> untilRefused(http, probe, revokedAt)));
      }
      for (int r = 0; r < gateways.size(); r++) {
        perReplica[r][round] = refusals.get(r).get();
        every[round] = Math.max(every[round], perReplica[r][round]);
      }
    }
    pollers.shutdown();
    System.out.println(line("every replica", every));
    for (int r = 0; r < gateways.size(); r++) {
      System.out.println(line("replica " + (r + 1) + " " + gateways.get(r), perReplica[r]));
    }
  }

  /** Nanoseconds from the revocation's answer to this replica's first 401 (other answers: fail). */
  private static long untilRefused(HttpClient http, HttpRequest probe, long revokedAt) throws Exception {
    while (true) {
      int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
      long now = System.nanoTime();
      if (status == 401) {
        return now - revokedAt;
      }
      if (status != 200) {
        throw new IllegalStateException(probe.uri() + " answered " + status + " while polling");
      }
      if (now - revokedAt > GIVE_UP.toNanos()) {
        throw new IllegalStateException(probe.uri() + " still accepts a key revoked " + GIVE_UP.toSeconds() + " s ago");
      }
    }
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String line(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "revocation %-40s rounds=%d p50=%.1f p99=%.1f max=%.1f ms",
        what, sorted.length, OpenLoop.percentile(sorted, 0.50) / 1e6, OpenLoop.percentile(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }
}
