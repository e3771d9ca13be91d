package com.threatcommand.deploy.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Bad input that no schema describes, over raw sockets: oversized bodies (by Content-Length and
 * chunked), deep JSON nesting, invalid UTF-8, huge headers and URLs, many headers, slowloris
 * (headers a byte at a time) and slow bodies. Each must get a 4xx (or a 2xx where the request is
 * in fact valid), never a 5xx; while the slow clients hang on, normal requests must still work.
 */
final class RawInput {
  private final Fuzzer fuzzer;
  private final Traffic.Account admin;
  private final int gateway;
  private final int replica;
  private final Recorder recorder;
  int cases;
  int serverErrors;

  RawInput(Fuzzer fuzzer, Traffic.Account admin, int gateway, int replica, Recorder recorder) {
    this.fuzzer = fuzzer;
    this.admin = admin;
    this.gateway = gateway;
    this.replica = replica;
    this.recorder = recorder;
  }

  static final String DEBITS = "/api/v1/subscription/credits/debits";

  byte[] post(String path, String extraHeaders, byte[] body, boolean chunked) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin.adminToken + "\r\n"
        + "Content-Type: application/json\r\nIdempotency-Key: chaos-raw-" + System.nanoTime() + "\r\nConnection: close\r\n" + extraHeaders
        + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n";
    request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    if (chunked) {
      for (int i = 0; i < body.length; i += 8192) {
        int n = Math.min(8192, body.length - i);
        request.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        request.write(body, i, n);
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    else {
      request.writeBytes(body);
    }
    return request.toByteArray();
  }

  byte[] get(String path, String extraHeaders) {
    return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin.adminToken + "\r\nConnection: close\r\n"
        + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  List<String> run() throws Exception {
    List<String> results = new ArrayList<>();
    byte[] big = ("{\"amount\":1,\"purpose\":\"RESEARCH\",\"reference\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    one(results, "body of 70 KiB (Content-Length)", gateway, "POST", DEBITS, post(DEBITS, "", big, false), Integer.MAX_VALUE, 0);
    one(results, "body of 70 KiB (chunked)", gateway, "POST", DEBITS, post(DEBITS, "", big, true), Integer.MAX_VALUE, 0);
    byte[] deep = ("[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
    one(results, "JSON nested 20,000 deep", gateway, "POST", DEBITS, post(DEBITS, "", deep, false), Integer.MAX_VALUE, 0);
    byte[] deepObject = ("{\"amount\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + ",\"purpose\":\"RESEARCH\"}").getBytes(StandardCharsets.UTF_8);
    one(results, "JSON object nested 5,000 deep in a field", gateway, "POST", DEBITS, post(DEBITS, "", deepObject, false), Integer.MAX_VALUE, 0);
    ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
    utf8.writeBytes("{\"amount\":1,\"purpose\":\"RESEARCH\",\"reference\":\"".getBytes(StandardCharsets.UTF_8));
    utf8.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
    utf8.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    one(results, "invalid UTF-8 in a JSON string", gateway, "POST", DEBITS, post(DEBITS, "", utf8.toByteArray(), false), Integer.MAX_VALUE, 0);
    byte[] upgrade = "{\"category\":\"CREDITS\",\"quantity\":1,\"message\":\"\u0000\uFFFF\"}".getBytes(StandardCharsets.UTF_8);
    one(results, "NUL and U+FFFF in a message", gateway, "POST", "/api/v1/subscription/upgrade-requests",
        post("/api/v1/subscription/upgrade-requests", "", upgrade, false), Integer.MAX_VALUE, 0);
    one(results, "a header of 100 KiB", gateway, "GET", "/api/v1/subscription",
        get("/api/v1/subscription", "X-Big: " + "b".repeat(100 * 1024) + "\r\n"), Integer.MAX_VALUE, 0);
    one(results, "a URL of 70 KiB", gateway, "GET", "/api/v1/subscription",
        get("/api/v1/subscription?x=" + "u".repeat(70 * 1024), ""), Integer.MAX_VALUE, 0);
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    one(results, "2,000 headers", gateway, "GET", "/api/v1/subscription", get("/api/v1/subscription", many.toString()), Integer.MAX_VALUE, 0);
    one(results, "an Authorization header of 64 KiB", gateway, "GET", "/public/v1/account/subscription",
        ("GET /public/v1/account/subscription HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Basic "
            + "A".repeat(64 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE, 0);

    // Slow clients: 12 connections that send their headers a byte every 300 ms (slowloris) and 4
    // with a slow body (a byte every 500 ms), on both replicas, while normal requests go on.
    ExecutorService slow = Executors.newFixedThreadPool(16);
    List<Future<String>> slowOnes = new ArrayList<>();
    byte[] body = "{\"amount\":1,\"purpose\":\"RESEARCH\",\"reference\":\"slow\"}".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 12; i++) {
      int port = i % 2 == 0 ? gateway : replica;
      byte[] request = get("/api/v1/subscription", "X-Slow: " + "s".repeat(40) + "\r\n");
      // The last 40 bytes of the headers, a byte every 300 ms (12 s)
      slowOnes.add(slow.submit(() -> oneResult("slowloris headers, a byte every 300 ms, on " + port, port, "GET", "/api/v1/subscription",
          request, request.length - 40, 300)));
    }
    for (int i = 0; i < 4; i++) {
      int port = i % 2 == 0 ? gateway : replica;
      byte[] request = post(DEBITS, "", body, false);
      slowOnes.add(slow.submit(() -> oneResult("slow body, a byte every 500 ms, on " + port, port, "POST", DEBITS, request,
          request.length - body.length, 500)));
    }
    Thread.sleep(3_000);
    int normalOk = 0;
    int normal = 0;
    try (Http http = new Http(gateway, 10_000)) {
      for (int i = 0; i < 20; i++) {
        normal++;
        try {
          if (http.send("GET", "/api/v1/subscription", Traffic.bearer(admin.adminToken), null).status() == 200) {
            normalOk++;
          }
        } catch (IOException e) {
          // counted as not OK
        }
        Thread.sleep(200);
      }
    }
    results.add(String.format(Locale.ROOT, "while slow clients hang on: %d of %d normal requests answered 200", normalOk, normal));
    slow.shutdown();
    long deadline = System.currentTimeMillis() + 90_000;
    for (Future<String> f : slowOnes) {
      try {
        results.add(f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS));
      } catch (java.util.concurrent.TimeoutException e) {
        f.cancel(true);
        results.add("a slow client still unanswered after 90 s");
      }
    }
    slow.shutdownNow();
    slow.awaitTermination(10, TimeUnit.SECONDS);
    return results;
  }

  private void one(List<String> results, String what, int port, String method, String path, byte[] request, int fast, long pause) {
    results.add(oneResult(what, port, method, path, request, fast, pause));
  }

  private String oneResult(String what, int port, String method, String path, byte[] request, int fast, long pause) {
    long start = System.currentTimeMillis();
    Http.Response r;
    try (Http http = new Http(port, 60_000)) {
      r = http.raw(method, request, fast, pause);
    } catch (IOException e) {
      r = null;
    }
    long end = System.currentTimeMillis();
    synchronized (this) {
      cases++;
      recorder.attempt("raw", "fuzz", start, end, r == null ? 0 : r.status());
      if (r != null && r.status() >= 500) {
        serverErrors++;
      }
    }
    String verdict = "";
    if (r != null) {
      List<String> problems = fuzzer.validate(method, path, path, r);
      verdict = problems.isEmpty() ? "" : "; not as documented: " + problems.get(0);
      if (!problems.isEmpty()) {
        synchronized (fuzzer) {
          fuzzer.mismatches.incrementAndGet();
        }
      }
    }
    return what + ": " + (r == null ? "closed without an answer" : r.status() + " " + abbreviated(r.text())) + " after " + (end - start) + " ms" + verdict;
  }

  static String abbreviated(String text) {
    String one = text.replaceAll("\\s+", " ");
    return one.length() > 160 ? one.substring(0, 160) + "…" : one;
  }
}
