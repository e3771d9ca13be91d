package com.threatcommand.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The open-loop generator keeps its rate whatever the server does, and counts a stall against every request it delayed. */
class OpenLoopTest {
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void sendsTheRateAskedForAndMeasuresEachAnswer() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    URI uri = serve(1, () -> {
      seen.incrementAndGet();
      sleep(5);
      return 204;
    });

    OpenLoop.Result result = OpenLoop.run(uri, new String[] {"X-Probe", "yes"}, 200, 1, 0).result();

    assertEquals(200, result.requests());
    assertEquals(200, seen.get());
    assertEquals(0, result.failed());
    assertTrue(result.p50() >= 5, "p50 " + result.p50() + " ms includes the server's 5 ms");
    assertTrue(result.p50() <= result.p99() && result.p99() <= result.max());
  }

  @Test
  void aStallCountsForEveryRequestThatWasDueDuringIt() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    // One thread: while request 20 sleeps 500 ms, the ones due meanwhile wait in line. A closed-loop
    // tool would send them late and time them from then; here they are timed from when they were due.
    URI uri = serve(1, () -> {
      if (seen.incrementAndGet() == 20) {
        sleep(500);
      }
      return 200;
    });

    OpenLoop.Run run = OpenLoop.run(uri, new String[0], 100, 2, 0);
    OpenLoop.Result result = run.result();

    assertEquals(200, result.requests());
    assertTrue(result.max() >= 500, "max " + result.max());
    // About 50 requests were due during the stall: more than 10 % of them waited over 250 ms.
    assertTrue(result.p90() >= 250, "p90 " + result.p90() + " ms");
    // The series puts the stall in the first second, when its requests fell due.
    List<String> series = run.series();
    assertEquals(3, series.size(), "a header and one line per second: " + series);
    String[] first = series.get(1).split("\t");
    assertEquals("0", first[0]);
    assertEquals("100", first[1]);
    assertTrue(Double.parseDouble(first[5]) >= 500, "max of second 0: " + series.get(1));
  }

  @Test
  void answersOtherThan2xxAreFailures() throws Exception {
    URI uri = serve(2, () -> 429);

    OpenLoop.Result result = OpenLoop.run(uri, new String[0], 100, 1, 1).result();

    assertEquals(100, result.requests(), "the warm-up's requests are not counted");
    assertEquals(100, result.failed());
    assertEquals(0, result.ok());
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertEquals(50, OpenLoop.percentile(sorted, 0.50));
    assertEquals(99, OpenLoop.percentile(sorted, 0.99));
    assertEquals(100, OpenLoop.percentile(sorted, 0.999));
    assertEquals(7, OpenLoop.percentile(new long[] {7}, 0.99));
  }

  private URI serve(int threads, java.util.function.IntSupplier status) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          int code = status.getAsInt();
          exchange.sendResponseHeaders(code, code == 204 ? -1 : 0);
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/probe");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
