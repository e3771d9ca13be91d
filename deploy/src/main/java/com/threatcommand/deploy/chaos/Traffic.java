package com.threatcommand.deploy.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mixed real traffic through the gateway replicas, as users and integrators make it: page loads,
 * debits with Idempotency-Keys and client retries (admin and API key), usage consumption, "Get
 * More" requests, key generation, rotation and revocation, integrator and appliance calls. Every
 * loop is bounded in count and time; every attempt is recorded.
 */
final class Traffic {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A tenant of the run: its admin token and its current keys. */
  static final class Account {
    final String id;
    final String adminToken;
    volatile String apiKey;
    volatile String applianceKey;
    /** Accounts whose keys the load rotates and revokes; the others' keys stay for integrator calls. */
    final boolean keyChurn;
    final ReentrantLock keyLock = new ReentrantLock();

    Account(String id, String adminToken, boolean keyChurn) {
      this.id = id;
      this.adminToken = adminToken;
      this.keyChurn = keyChurn;
    }
  }

  private final Recorder recorder;
  final List<Integer> gateways = new CopyOnWriteArrayList<>();
  private final List<Account> accounts;
  private final String provisionerToken;
  private final AtomicInteger roundRobin = new AtomicInteger();
  /** Get More requests at most this often (ms), over all workers: the service allows 20 per account per hour. */
  volatile long getMoreEveryMillis = 2_000;
  private volatile long nextGetMore;
  /** mixed, or "debits" (a debit storm) or "keys" (key rotations) while a fault is aimed at them. */
  volatile String mode = "mixed";
  volatile boolean stop;

  Traffic(Recorder recorder, List<Integer> gateways, List<Account> accounts, String provisionerToken) {
    this.recorder = recorder;
    this.gateways.addAll(gateways);
    this.accounts = accounts;
    this.provisionerToken = provisionerToken;
  }

  /** Runs {@code workers} threads until {@code millis} have passed or {@code maxOps} operations were made. */
  Thread[] start(int workers, long millis, int maxOps, AtomicInteger ops) {
    long end = System.currentTimeMillis() + millis;
    Thread[] threads = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      threads[w] = new Thread(() -> work(end, maxOps, ops), "load-" + w);
      threads[w].setDaemon(true);
      threads[w].start();
    }
    return threads;
  }

  private void work(long end, int maxOps, AtomicInteger ops) {
    Client client = new Client();
    try {
      while (!stop && System.currentTimeMillis() < end && ops.incrementAndGet() <= maxOps) {
        try {
          one(client);
        } catch (RuntimeException e) {
          recorder.clientViolations.add("load error (harness): " + e);
        }
        sleep(10 + ThreadLocalRandom.current().nextInt(20));
      }
    } finally {
      client.close();
    }
  }

  private void one(Client c) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long now = System.currentTimeMillis();
    synchronized (this) {
      if (now >= nextGetMore) {
        nextGetMore = now + getMoreEveryMillis;
        now = -1;
      }
    }
    if (now == -1) {
      getMore(c, pick(false));
      return;
    }
    int dice = random.nextInt(100);
    if (mode.equals("debits") && dice < 60) {
      // API-key debits only on accounts whose keys do not churn: a stale key is a failed Basic
      // login, and ten of those make the gateway's limiter answer 429 to this client for a minute.
      boolean apiKey = dice < 15;
      debit(c, apiKey ? integrator() : pick(false), apiKey);
      return;
    }
    if (mode.equals("keys") && dice < 60) {
      keys(c, pick(true));
      return;
    }
    if (dice < 22) {
      page(c, pick(false));
    } else if (dice < 42) {
      debit(c, pick(false), false);
    } else if (dice < 52) {
      debit(c, integrator(), true);
    } else if (dice < 65) {
      usage(c, pick(false));
    } else if (dice < 73) {
      keys(c, pick(true));
    } else {
      integratorCalls(c, integrator());
    }
  }

  private Account pick(boolean keyChurn) {
    List<Account> pool = accounts.stream().filter(a -> !keyChurn || a.keyChurn).toList();
    return pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
  }

  private Account integrator() {
    List<Account> pool = accounts.stream().filter(a -> !a.keyChurn && a.apiKey != null).toList();
    return pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
  }

  // --- Operations -----------------------------------------------------------------------------

  void page(Client c, Account a) {
    c.call("page", "subscription", "GET", "/api/v1/subscription", bearer(a.adminToken), null);
    c.call("page", "credentials", "GET", "/api/v1/credentials", bearer(a.adminToken), null);
  }

  /** A debit with an Idempotency-Key, retried by the client with the same key; sometimes replayed on purpose. */
  void debit(Client c, Account a, boolean apiKey) {
    String key = "chaos-" + UUID.randomUUID();
    long amount = 1 + ThreadLocalRandom.current().nextInt(3);
    byte[] body = ("{\"amount\":" + amount + ",\"purpose\":\"RESEARCH\",\"reference\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = apiKey ? basic(a.id, a.apiKey) : bearer(a.adminToken);
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", key);
    String path = apiKey ? "/public/v1/account/credits/debits" : "/api/v1/subscription/credits/debits";
    String op = apiKey ? "debit-api-key" : "debit";
    Http.Response r = c.retried(op, "subscription", "POST", path, headers, body);
    if (r != null && r.status() == 201) {
      String tx = field(r, "transaction", "id");
      recorder.debits.add(new Recorder.Debit(a.id, key, tx, amount));
      if (ThreadLocalRandom.current().nextInt(10) == 0) {
        Http.Response again = c.retried(op + "-replay", "subscription", "POST", path, headers, body);
        if (again != null && again.status() == 201 && !String.valueOf(tx).equals(field(again, "transaction", "id"))) {
          recorder.clientViolations.add("replayed debit " + key + " answered transaction " + field(again, "transaction", "id")
              + " instead of " + tx);
        }
      }
    }
  }

  void usage(Client c, Account a) {
    long delta = ThreadLocalRandom.current().nextInt(3) == 0 ? -1 : 1;
    Map<String, String> headers = bearer(provisionerToken);
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", "chaos-usage-" + UUID.randomUUID());
    Http.Response r =
        c.retried("usage", "subscription", "POST", "/api/v1/provisioning/accounts/" + a.id + "/usage/assets", headers,
            ("{\"delta\":" + delta + "}").getBytes(StandardCharsets.UTF_8));
    String outcome = r == null || r.status() >= 500 ? "unknown" : r.status() / 100 == 2 ? "applied" : "refused";
    recorder.usage.add(new Recorder.Usage(a.id, delta, outcome));
  }

  void getMore(Client c, Account a) {
    String key = "chaos-more-" + UUID.randomUUID();
    Map<String, String> headers = bearer(a.adminToken);
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", key);
    Http.Response r =
        c.retried("get-more", "subscription", "POST", "/api/v1/subscription/upgrade-requests", headers,
            ("{\"category\":\"CREDITS\",\"quantity\":" + (1 + ThreadLocalRandom.current().nextInt(1000)) + ",\"message\":\"" + key + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    if (r != null && r.status() == 202) {
      recorder.getMore.add(new Recorder.Accepted(a.id, field(r, "id")));
    }
  }

  /** One step of a key's life on an account whose keys churn: generate, rotate or revoke. */
  void keys(Client c, Account a) {
    if (!a.keyLock.tryLock()) {
      return;
    }
    try {
      String kind = ThreadLocalRandom.current().nextBoolean() ? "api-key" : "appliance-key";
      Http.Response view = c.call("keys-view", "credentials", "GET", "/api/v1/credentials", bearer(a.adminToken), null);
      if (view == null || view.status() != 200) {
        return;
      }
      String status = field(view, kind.equals("api-key") ? "apiKey" : "applianceKey", "status");
      Http.Response r;
      if (!"ACTIVE".equals(status)) {
        r = c.call("key-generate", "credentials", "POST", "/api/v1/credentials/" + kind, bearer(a.adminToken), null);
      } else if (ThreadLocalRandom.current().nextInt(3) > 0) {
        Map<String, String> headers = bearer(a.adminToken);
        headers.put("Content-Type", "application/json");
        r = c.call("key-rotate", "credentials", "POST", "/api/v1/credentials/" + kind + "/rotation", headers,
            ("{\"graceSeconds\":" + (ThreadLocalRandom.current().nextBoolean() ? 0 : 30) + "}").getBytes(StandardCharsets.UTF_8));
      } else {
        r = c.call("key-revoke", "credentials", "DELETE", "/api/v1/credentials/" + kind, bearer(a.adminToken), null);
      }
      if (r != null && r.status() == 201) {
        recorder.keys.add(new Recorder.Key(a.id, kind, field(r, "id")));
      }
    } finally {
      a.keyLock.unlock();
    }
  }

  void integratorCalls(Client c, Account a) {
    c.call("integrator", "credentials", "HEAD", "/public/v1/test-credentials", basic(a.id, a.apiKey), null);
    c.call("integrator", "subscription", "GET", "/public/v1/account/subscription", basic(a.id, a.apiKey), null);
    if (a.applianceKey != null) {
      c.call("appliance", "credentials", "GET", "/appliance/v1/identity", basic(a.id, a.applianceKey), null);
    }
  }

  // --- Plumbing ---------------------------------------------------------------------------------

  static Map<String, String> bearer(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    return headers;
  }

  static Map<String, String> basic(String account, String key) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((account + ":" + key).getBytes(StandardCharsets.UTF_8)));
    return headers;
  }

  static String field(Http.Response r, String... path) {
    try {
      JsonNode node = JSON.readTree(r.body());
      for (String name : path) {
        node = node == null ? null : node.get(name);
      }
      return node == null || node.isNull() ? null : node.asText();
    } catch (IOException e) {
      return null;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A worker's connections, one per gateway replica; each request goes to the next replica in rotation. */
  final class Client implements AutoCloseable {
    private final Map<Integer, Http> connections = new HashMap<>();

    Http.Response call(String op, String component, String method, String path, Map<String, String> headers, byte[] body) {
      List<Integer> ports = new ArrayList<>(gateways);
      int port = ports.get(Math.floorMod(roundRobin.getAndIncrement(), ports.size()));
      return call(port, op, component, method, path, headers, body);
    }

    Http.Response call(int port, String op, String component, String method, String path, Map<String, String> headers, byte[] body) {
      Http http = connections.computeIfAbsent(port, p -> new Http(p, 40_000));
      long start = System.currentTimeMillis();
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.putIfAbsent("X-Request-Id", "chaos-" + UUID.randomUUID());
      try {
        Http.Response r = http.send(method, path, all, body);
        recorder.attempt(op, component, start, System.currentTimeMillis(), r.status());
        return r;
      } catch (IOException e) {
        recorder.attempt(op, component, start, System.currentTimeMillis(), 0);
        return null;
      }
    }

    /**
     * As a careful client does with an Idempotency-Key: on no answer, a 5xx or 409
     * idempotency-in-progress, the same request again (the next replica), after 0.25, 0.5, 1, 2 s.
     */
    Http.Response retried(String op, String component, String method, String path, Map<String, String> headers, byte[] body) {
      Http.Response r = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        if (attempt > 0) {
          sleep(250L << (attempt - 1));
        }
        r = call(op, component, method, path, headers, body);
        boolean again = r == null || r.status() >= 500 || (r.status() == 409 && r.text().contains("idempotency-in-progress"));
        if (!again) {
          return r;
        }
      }
      return r;
    }

    @Override
    public void close() {
      connections.values().forEach(Http::close);
    }
  }
}
