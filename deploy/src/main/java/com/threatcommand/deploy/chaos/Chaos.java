package com.threatcommand.deploy.chaos;

import com.threatcommand.deploy.localstack.StackTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault harness (deploy/chaos/run; README, "Faults and load"): starts the local stack on its
 * embedded defaults (its SMTP server is this harness's sink, so that it can be taken down), a
 * second gateway replica, and a load of mixed real traffic through both; runs each scenario's
 * fault in the middle of the load; checks the invariants from the databases and the mail sink
 * after each; prints one line per scenario.
 */
public final class Chaos {
  static final PrintStream OUT = System.out;

  final Path root;
  final Path out;
  final int base;
  final int gatewayPort;
  final int subscriptionPort;
  final int credentialsPort;
  final int postgresPort;
  final int replicaPort;
  final int smtpPort;
  final int workers;
  final Recorder recorder = new Recorder();
  final List<String> scenarios;
  Sink sink;
  Process stack;
  final List<String> stackLines = new CopyOnWriteArrayList<>();
  Process replica;
  Path stackDir;
  Invariants invariants;
  Traffic traffic;
  final List<Traffic.Account> accounts = new ArrayList<>();
  String provisionerToken;
  final List<Row> rows = new ArrayList<>();
  final List<String> previousViolations = new ArrayList<>();

  /** One line of the table. */
  record Row(String id, String name, long sent, long ok, long client, long server, long none, long serverOutside,
      long noneOutside, String recovery, int violations, String mail, String notes) {}

  Chaos(Path root, Map<String, String> env) {
    this.root = root;
    this.out = Path.of(env.getOrDefault("CHAOS_OUT", root.resolve("target/chaos/" + Instant.now().toString().replace(":", "")).toString()));
    this.base = Integer.parseInt(env.getOrDefault("CHAOS_PORT", "29080"));
    this.gatewayPort = base;
    this.subscriptionPort = base + 1;
    this.credentialsPort = base + 2;
    this.postgresPort = base + 3;
    this.replicaPort = base + 4;
    this.smtpPort = base + 9;
    this.workers = Integer.parseInt(env.getOrDefault("CHAOS_WORKERS", "6"));
    this.scenarios = Arrays.asList(env.getOrDefault("CHAOS_SCENARIOS", "1,2,3,4,5,6").split(","));
  }

  public static void main(String[] args) throws Exception {
    // GreenMail logs through slf4j: only its warnings.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.com.icegreen", "warn");
    Chaos chaos = new Chaos(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize(), System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(chaos::stopAll, "chaos-stop"));
    int status = 0;
    try {
      status = chaos.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      chaos.stopAll();
    }
    Runtime.getRuntime().halt(status);
  }

  static void log(String message) {
    OUT.printf(Locale.ROOT, "%s  %s%n", java.time.LocalTime.now().withNano(0), message);
    OUT.flush();
  }

  int run() throws Exception {
    Files.createDirectories(out);
    stackDir = out.resolve("stack");
    sink = new Sink(smtpPort, out.resolve("mail"));
    sink.up();
    startStack();
    invariants = new Invariants(postgresPort, sink.directory);
    startReplica();
    setUpAccounts();
    traffic = new Traffic(recorder, List.of(gatewayPort, replicaPort), accounts, provisionerToken);
    List<String> setupViolations = invariants.check(recorder);
    log("set up " + accounts.size() + " accounts; invariants before any fault: " + setupViolations.size() + " violations");
    setupViolations.forEach(v -> log("  VIOLATION " + v));
    previousViolations.addAll(setupViolations);

    for (String id : scenarios) {
      try {
        scenario(id);
      } catch (Exception | LinkageError e) {
        log("scenario " + id + " failed: " + e);
        e.printStackTrace(OUT);
        traffic.stop = true;
        Traffic.sleep(5_000);
        traffic.stop = false;
        rows.add(new Row(id, "FAILED: " + e, 0, 0, 0, 0, 0, 0, 0, "-", 0, "-", ""));
      }
    }
    printTable();
    // A 5xx or no answer outside a fault window is a failure as much as a broken invariant: the
    // product is to answer everything it can while nothing is broken (12-07: a Get More's 500,
    // from Hibernate, went by with exit status 0).
    return rows.stream()
            .anyMatch(r -> r.violations > 0 || r.serverOutside > 0 || r.noneOutside > 0 || r.name.startsWith("FAILED"))
        ? 1
        : 0;
  }

  void scenario(String id) throws Exception {
    {
      switch (id.trim()) {
        case "1" -> scenario("1", "PostgreSQL stopped 20 s", "subscription", this::postgresDown);
        case "2" -> scenario("2", "SIGKILL + restart of each application", "subscription", this::killEach);
        case "3" -> scenario("3", "SMTP down 60 s, relay killed mid-batch", "subscription", this::smtpDown);
        case "4" -> scenario("4", "slow upstream: SIGSTOP 5 s", "subscription", this::pause);
        case "5" -> scenario("5", "rolling restart (SIGTERM, preStop)", "subscription", this::rolling);
        case "6" -> fuzz();
        default -> log("unknown scenario " + id);
      }
    }
  }

  // --- The stack ------------------------------------------------------------------------------

  void startStack() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(root.resolve("deploy/local-stack").toString()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("STACK_GATEWAY_PORT", Integer.toString(gatewayPort));
    env.put("STACK_SUBSCRIPTION_PORT", Integer.toString(subscriptionPort));
    env.put("STACK_CREDENTIALS_PORT", Integer.toString(credentialsPort));
    env.put("STACK_POSTGRES_PORT", Integer.toString(postgresPort));
    env.put("STACK_SMTP", "127.0.0.1:" + smtpPort);
    env.put("STACK_SMTP_START_TLS", "DISABLED");
    env.put("STACK_RESTART", "always");
    env.put("STACK_DIR", stackDir.toString());
    env.put("STACK_BUILD", "never");
    log("starting the local stack (ports " + gatewayPort + "-" + postgresPort + ", SMTP sink " + smtpPort + ", STACK_DIR " + stackDir + ") ...");
    stack = builder.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter file = new PrintWriter(Files.newBufferedWriter(out.resolve("stack.out")), true)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  stackLines.add(line);
                  file.println(line);
                  if (line.startsWith("restart ")) {
                    log("  stack: " + line);
                  }
                }
              } catch (IOException e) {
                // the stack stopped
              }
            },
            "stack-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.currentTimeMillis() + 300_000;
    while (stackLines.stream().noneMatch(l -> l.startsWith("Logs: "))) {
      if (!stack.isAlive() || System.currentTimeMillis() > deadline) {
        stackLines.forEach(l -> OUT.println("  | " + l));
        throw new IllegalStateException("the local stack did not start");
      }
      Thread.sleep(200);
    }
    provisionerToken = lineValue("  export PROVISIONER_TOKEN=");
    log("stack up: " + stackLines.stream().filter(l -> l.contains(" up ") && l.contains("pid")).map(String::trim).map(l -> l.replaceAll(", log .*", "")).toList());
  }

  String lineValue(String prefix) {
    return stackLines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).trim();
  }

  /** A second gateway replica beside the stack's: its command and environment, another port, a 3 s upstream timeout. */
  void startReplica() throws Exception {
    long gateway = Processes.applicationOn(gatewayPort).orElseThrow();
    replica = Processes.copy(gateway,
        Map.of("QUARKUS_HTTP_PORT", Integer.toString(replicaPort), "GATEWAY_UPSTREAMS_REQUEST_TIMEOUT", "3S"),
        out.resolve("gateway-replica.log"));
    awaitReady(replicaPort, 120_000);
    log("gateway replica up on " + replicaPort + " (pid " + replica.pid() + ", upstream timeout 3 s)");
  }

  static boolean ready(int port) {
    try (Http http = new Http(port, 3_000)) {
      return http.send("GET", "/q/health/ready", Map.of(), null).status() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until the application on {@code port} is ready; returns when (epoch ms), or -1 after the time. */
  static long awaitReady(int port, long maxMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + maxMillis;
    while (System.currentTimeMillis() < deadline) {
      if (ready(port)) {
        return System.currentTimeMillis();
      }
      Thread.sleep(100);
    }
    return -1;
  }

  void setUpAccounts() throws Exception {
    StackTokens tokens = StackTokens.of(stackDir);
    int count = 26; // the last two are the fuzzer's: the load leaves them alone
    String prefix = String.format(Locale.ROOT, "ca%010x", Instant.now().getEpochSecond());
    Traffic setup = new Traffic(recorder, List.of(gatewayPort), List.of(), provisionerToken);
    try (Traffic.Client c = setup.new Client()) {
      for (int i = 0; i < count; i++) {
        String id = prefix + String.format(Locale.ROOT, "%012x", i);
        Traffic.Account account = new Traffic.Account(id, tokens.admin(id, Duration.ofHours(4)), i < 8);
        Map<String, String> headers = Traffic.bearer(provisionerToken);
        headers.put("Content-Type", "application/json");
        String body = "{\"type\":\"GOLD\",\"expiresOn\":\"" + LocalDate.now().plusYears(1) + "\",\"modules\":[\"Discovery\"],"
            + "\"limits\":{\"assets\":20,\"remediations\":10},\"storedDataRegion\":\"EU\"}";
        expect(c.call("setup", "subscription", "PUT", "/api/v1/provisioning/accounts/" + id + "/subscription", headers,
            body.getBytes(StandardCharsets.UTF_8)), 200, 201);
        headers.put("Idempotency-Key", "chaos-grant-" + id);
        // The first account has few credits: concurrent debits meet at zero there.
        expect(c.call("setup", "subscription", "POST", "/api/v1/provisioning/accounts/" + id + "/credits/grants", headers,
            ("{\"amount\":" + (i == 0 ? 60 : 100000) + ",\"reason\":\"chaos\"}").getBytes(StandardCharsets.UTF_8)), 201);
        Http.Response key = expect(c.call("setup", "credentials", "POST", "/api/v1/credentials/api-key", Traffic.bearer(account.adminToken), null), 201);
        account.apiKey = Traffic.field(key, "key");
        Http.Response appliance =
            expect(c.call("setup", "credentials", "POST", "/api/v1/credentials/appliance-key", Traffic.bearer(account.adminToken), null), 201);
        account.applianceKey = Traffic.field(appliance, "key");
        recorder.keys.add(new Recorder.Key(id, "api-key", Traffic.field(key, "id")));
        recorder.keys.add(new Recorder.Key(id, "appliance-key", Traffic.field(appliance, "id")));
        if (i < count - 2) {
          accounts.add(account);
        } else {
          fuzzAccounts.add(account);
        }
      }
    }
  }

  final List<Traffic.Account> fuzzAccounts = new ArrayList<>();

  static Http.Response expect(Http.Response r, int... statuses) {
    if (r == null || Arrays.stream(statuses).noneMatch(s -> s == r.status())) {
      throw new IllegalStateException("setup: expected " + Arrays.toString(statuses) + ", got "
          + (r == null ? "no answer" : r.status() + " " + r.text()));
    }
    return r;
  }

  void stopAll() {
    synchronized (this) {
      if (replica != null && replica.isAlive()) {
        replica.destroy();
        try {
          replica.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        replica.destroyForcibly();
      }
      for (Process p : extraProcesses) {
        p.destroyForcibly();
      }
      if (stack != null && stack.isAlive()) {
        stack.destroy(); // SIGTERM to the launcher (the script exec'd it): it stops the applications and PostgreSQL
        try {
          if (!stack.waitFor(60, TimeUnit.SECONDS)) {
            stack.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (sink != null) {
        sink.close();
        sink = null;
      }
    }
  }

  final List<Process> extraProcesses = new CopyOnWriteArrayList<>();

  // --- Scenarios ------------------------------------------------------------------------------

  /** What a fault records: the windows during which its part is down, and when each fault ended. */
  static final class Fault {
    final List<long[]> windows = new ArrayList<>();
    final List<Long> ends = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    long opened;

    void open() {
      opened = System.currentTimeMillis();
    }

    /** The fault is over (the restore action happened): recovery is measured from here. */
    void ended() {
      ends.add(System.currentTimeMillis());
    }

    /** The part is healthy again: the window closes. */
    void healthy() {
      windows.add(new long[] {opened, System.currentTimeMillis()});
    }
  }

  interface Action {
    void run(Fault fault) throws Exception;
  }

  void scenario(String id, String name, String component, Action action) throws Exception {
    log("scenario " + id + ": " + name + " ...");
    recorder.scenario = id;
    int acceptedBefore = recorder.getMore.size();
    AtomicInteger ops = new AtomicInteger();
    Fault fault = new Fault();
    Thread[] load = traffic.start(workers, 600_000, 200_000, ops);
    loadRunning = load;
    Traffic.sleep(10_000);
    action.run(fault);
    Traffic.sleep(10_000);
    stopLoad(load);
    long drained = invariants.awaitOutboxDrained(id.equals("3") ? 240_000 : 60_000);
    List<String> all = invariants.check(recorder);
    List<String> fresh = all.stream().filter(v -> !previousViolations.contains(v)).toList();
    previousViolations.addAll(fresh);
    fresh.forEach(v -> log("  VIOLATION " + v));
    List<Recorder.Accepted> accepted = recorder.getMore.stream().skip(acceptedBefore).toList();
    var mail = invariants.mailByRequest();
    long delivered = accepted.stream().filter(a -> mail.containsKey(a.id())).count();
    if (drained < 0) {
      fault.notes.add("outbox not drained in time");
    }
    rows.add(row(id, name, component, fault, fresh.size(), accepted.size() + " / " + delivered));
    log("  " + rows.get(rows.size() - 1));
    log("  answers: " + histogram(recorder.of(id)));
    dumpAttempts();
  }

  volatile Thread[] loadRunning;
  volatile boolean stopLoad;

  void stopLoad(Thread[] load) throws InterruptedException {
    traffic.stop = true;
    for (Thread t : load) {
      t.join(60_000);
    }
    traffic.stop = false;
  }

  Row row(String id, String name, String component, Fault fault, int violations, String mail) {
    List<Recorder.Attempt> attempts = recorder.of(id);
    long ok = attempts.stream().filter(a -> a.status() / 100 == 2).count();
    long client = attempts.stream().filter(a -> a.status() / 100 == 4).count();
    long server = attempts.stream().filter(a -> a.status() >= 500).count();
    long none = attempts.stream().filter(a -> a.status() == 0).count();
    long serverOutside = attempts.stream().filter(a -> a.status() >= 500 && outside(a, fault)).count();
    long noneOutside = attempts.stream().filter(a -> a.status() == 0 && outside(a, fault)).count();
    long worst = 0;
    for (long end : fault.ends) {
      long first = attempts.stream().filter(a -> a.start() >= end && a.status() / 100 == 2 && a.component().equals(component))
          .mapToLong(Recorder.Attempt::end).min().orElse(-1);
      worst = first < 0 ? Long.MAX_VALUE : Math.max(worst, first - end);
    }
    String recovery = fault.ends.isEmpty() ? "-" : worst == Long.MAX_VALUE ? "never" : String.format(Locale.ROOT, "%.1f s", worst / 1000.0);
    return new Row(id, name, attempts.size(), ok, client, server, none, serverOutside, noneOutside, recovery, violations, mail,
        String.join("; ", fault.notes));
  }

  /** Status by operation, e.g. {debit 201=120, debit 503=4}. */
  static Map<String, Long> histogram(List<Recorder.Attempt> attempts) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    attempts.forEach(a -> counts.merge(a.op() + " " + a.status(), 1L, Long::sum));
    return counts;
  }

  void dumpAttempts() throws IOException {
    StringBuilder tsv = new StringBuilder("scenario\top\tcomponent\tstart\tend\tstatus\n");
    for (Recorder.Attempt a : recorder.attempts) {
      tsv.append(a.scenario()).append('\t').append(a.op()).append('\t').append(a.component()).append('\t').append(a.start())
          .append('\t').append(a.end()).append('\t').append(a.status()).append('\n');
    }
    Files.writeString(out.resolve("attempts.tsv"), tsv);
  }

  static boolean outside(Recorder.Attempt a, Fault fault) {
    for (long[] w : fault.windows) {
      if (a.end() >= w[0] && a.start() <= w[1] + 1_000) {
        return false;
      }
    }
    return true;
  }

  // 1: PostgreSQL stopped for 20 s, then started again on the same data directory.
  void postgresDown(Fault fault) throws Exception {
    Postgres pg = new Postgres(StackTokens.workDirectory(stackDir).resolve("postgres"), out.resolve("postgres-restart.log"));
    fault.open();
    pg.stop();
    log("  PostgreSQL stopped");
    Traffic.sleep(20_000);
    pg.start();
    fault.ended();
    log("  PostgreSQL started again");
    awaitReady(subscriptionPort, 60_000);
    awaitReady(credentialsPort, 60_000);
    fault.healthy();
  }

  // 2: each application killed with SIGKILL mid-load; the launcher (STACK_RESTART=always) restarts it.
  void killEach(Fault fault) throws Exception {
    kill(fault, "subscription-service", subscriptionPort, "debit storm", () -> traffic.mode = "debits");
    kill(fault, "credentials-service", credentialsPort, "key rotations", () -> traffic.mode = "keys");
    kill(fault, "gateway", gatewayPort, "second replica beside it", () -> traffic.mode = "mixed");
  }

  void kill(Fault fault, String name, int port, String during, Runnable mode) throws Exception {
    mode.run();
    Traffic.sleep(3_000);
    long pid = Processes.applicationOn(port).orElseThrow();
    fault.open();
    Processes.signal(pid, "KILL");
    fault.ended();
    long back = awaitReady(port, 120_000);
    Traffic.sleep(1_000);
    fault.healthy();
    traffic.mode = "mixed";
    log("  " + name + " (pid " + pid + ") SIGKILLed during " + during + "; ready again after "
        + (back < 0 ? "never" : (back - fault.ends.get(fault.ends.size() - 1)) + " ms"));
    fault.notes.add(name + " back in " + (back < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", (back - fault.ends.get(fault.ends.size() - 1)) / 1000.0)));
    Traffic.sleep(5_000);
  }

  // 3: the SMTP server down for 60 s while Get More requests arrive; then the relay killed mid-batch.
  void smtpDown(Fault fault) throws Exception {
    long before = traffic.getMoreEveryMillis;
    traffic.getMoreEveryMillis = 400;
    fault.open();
    sink.down();
    log("  SMTP sink down");
    Traffic.sleep(60_000);
    traffic.getMoreEveryMillis = before;
    int received = sink.received();
    sink.up();
    fault.ended();
    log("  SMTP sink up again; waiting for the relay to start on the backlog");
    long deadline = System.currentTimeMillis() + 120_000;
    while (sink.received() == received && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    long firstMail = System.currentTimeMillis() - fault.ends.get(0);
    long pid = Processes.applicationOn(subscriptionPort).orElseThrow();
    Processes.signal(pid, "KILL");
    int backlogSent = sink.received() - received;
    log("  subscription-service (pid " + pid + ", its relay) SIGKILLed after " + backlogSent + " messages of the backlog");
    fault.notes.add(String.format(Locale.ROOT, "first mail %.1f s after the sink came back; relay SIGKILLed after %d of the backlog",
        firstMail / 1000.0, backlogSent));
    awaitReady(subscriptionPort, 120_000);
    fault.healthy();
  }

  // 4: a slow upstream: subscription-service paused 5 s (SIGSTOP, SIGCONT).
  void pause(Fault fault) throws Exception {
    long pid = Processes.applicationOn(subscriptionPort).orElseThrow();
    fault.open();
    Processes.signal(pid, "STOP");
    Traffic.sleep(5_000);
    Processes.signal(pid, "CONT");
    fault.ended();
    awaitReady(subscriptionPort, 30_000);
    fault.healthy();
    List<Recorder.Attempt> timeouts = recorder.of("4").stream().filter(a -> a.status() == 504).toList();
    long slowest = timeouts.stream().mapToLong(a -> a.end() - a.start()).max().orElse(0);
    fault.notes.add(timeouts.size() + " × 504, the slowest after " + slowest + " ms (replica's timeout 3 s)");
  }

  // 5: every application restarted, one at a time, as Kubernetes does: out of rotation, preStop wait, SIGTERM.
  void rolling(Fault fault) throws Exception {
    for (String name : List.of("credentials-service", "subscription-service", "gateway", "gateway-replica")) {
      int port = switch (name) {
        case "credentials-service" -> credentialsPort;
        case "subscription-service" -> subscriptionPort;
        case "gateway" -> gatewayPort;
        default -> replicaPort;
      };
      boolean gateway = name.startsWith("gateway");
      fault.open();
      if (gateway) {
        traffic.gateways.remove(Integer.valueOf(port)); // the endpoint leaves the Service
      }
      Traffic.sleep(gateway ? 10_000 : 5_000); // preStop: sleep (the gateway's manifest: 10 s)
      long pid = Processes.applicationOn(port).orElseThrow();
      Processes.signal(pid, "TERM");
      if (name.equals("gateway-replica")) {
        replica.waitFor(30, TimeUnit.SECONDS);
        startReplica();
      } else {
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
      }
      fault.ended();
      long back = awaitReady(port, 120_000);
      if (gateway) {
        traffic.gateways.add(port);
      }
      fault.healthy();
      fault.notes.add(name + " " + (back < 0 ? "not back" : "back"));
      log("  " + name + " restarted");
      Traffic.sleep(3_000);
    }
  }

  // 6: bad input, under the same load: the schema-driven fuzzer over every operation, then raw bad requests.
  void fuzz() throws Exception {
    String id = "6";
    log("scenario 6: fuzzer over the merged /openapi, with valid and invalid credentials, and raw bad input ...");
    recorder.scenario = id;
    AtomicInteger ops = new AtomicInteger();
    Thread[] load = traffic.start(workers, 900_000, 200_000, ops);
    String document;
    try (Http http = new Http(gatewayPort, 30_000)) {
      document = http.send("GET", "/openapi", Map.of(), null).text();
    }
    Files.writeString(out.resolve("openapi.json"), document);
    Fuzzer fuzzer = new Fuzzer(document, Long.parseLong(System.getenv().getOrDefault("CHAOS_SEED", "12")));
    fuzzerSecurity = fuzzer.api.getSecurity();
    int perOperation = Integer.parseInt(System.getenv().getOrDefault("CHAOS_FUZZ_CASES", "30"));
    Traffic.Account admin = fuzzAccounts.get(0);
    Traffic.Account holder = fuzzAccounts.get(1);
    long deadline = System.currentTimeMillis() + 8 * 60_000;
    try (Traffic.Client c = traffic.new Client()) {
      // Valid credentials first: invalid Basic logins make the gateway's limiter answer 429 for a minute.
      for (boolean validCredentials : new boolean[] {true, false}) {
        for (Fuzzer.Op op : fuzzer.ops) {
          int n = validCredentials ? perOperation : 6;
          for (int i = 0; i < n && System.currentTimeMillis() < deadline; i++) {
            Fuzzer.Case fc = fuzzer.generate(op, i % 3 == 0);
            Map<String, String> headers = new LinkedHashMap<>(fc.headers());
            String credentials = credentials(op, validCredentials, i, admin, holder, headers);
            Http.Response r = c.call(gatewayPort, "fuzz", "fuzz", fc.method(), fc.path(), headers, fc.body());
            fuzzer.check(op, fc, r, credentials);
          }
        }
      }
    }
    fuzzer.findings.keySet().stream().limit(40).forEach(f -> log("  finding: " + f));
    log("  fuzz answers: " + fuzzer.statuses + "; " + fuzzer.covered.size() + "/" + fuzzer.ops.size() + " operations, "
        + fuzzer.cases.get() + " cases, " + fuzzer.serverErrors.get() + " × 5xx, " + fuzzer.mismatches.get() + " not as documented");
    Files.write(out.resolve("fuzz-findings.txt"), fuzzer.findings.entrySet().stream().map(e -> e.getKey() + "\n    " + e.getValue()).toList());
    RawInput raw = new RawInput(fuzzer, admin, gatewayPort, replicaPort, recorder);
    List<String> rawResults = raw.run();
    stopLoad(load);
    invariants.awaitOutboxDrained(60_000);
    List<String> fresh = invariants.check(recorder).stream().filter(v -> !previousViolations.contains(v)).toList();
    previousViolations.addAll(fresh);
    fresh.forEach(v -> log("  VIOLATION " + v));
    Files.write(out.resolve("fuzz-findings.txt"), fuzzer.findings.entrySet().stream().map(e -> e.getKey() + "\n    " + e.getValue()).toList());
    fuzzer.findings.keySet().stream().limit(40).forEach(f -> log("  finding: " + f));
    rawResults.forEach(r -> log("  raw: " + r));
    log("  fuzz answers: " + fuzzer.statuses);
    Fault none = new Fault();
    none.notes.add(String.format(Locale.ROOT, "fuzzer: %d/%d operations covered, %d cases, %d × 5xx, %d not matching the document;"
        + " raw bad input: %d cases, %d × 5xx", fuzzer.covered.size(), fuzzer.ops.size(), fuzzer.cases.get(), fuzzer.serverErrors.get(),
        fuzzer.mismatches.get(), raw.cases, raw.serverErrors));
    rows.add(row(id, "bad input: fuzzer + raw", "subscription", none, fresh.size(), "-"));
    log("  " + rows.get(rows.size() - 1));
    dumpAttempts();
  }

  /** Sets the operation's credentials, valid (as its security says) or not; returns what they are. */
  String credentials(Fuzzer.Op op, boolean valid, int i, Traffic.Account admin, Traffic.Account holder, Map<String, String> headers) {
    List<String> schemes = new ArrayList<>();
    var security = op.operation().getSecurity() != null ? op.operation().getSecurity() : fuzzerSecurity;
    if (security != null) {
      security.forEach(requirement -> schemes.addAll(requirement.keySet()));
    }
    boolean basic = schemes.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("basic"));
    boolean bearer = schemes.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("bearer"));
    if (valid) {
      if (bearer) {
        headers.put("Authorization", "Bearer " + (op.template().startsWith("/api/v1/provisioning") ? provisionerToken : admin.adminToken));
        return "valid bearer";
      }
      if (basic) {
        headers.putAll(Traffic.basic(holder.id, op.template().startsWith("/appliance") ? holder.applianceKey : holder.apiKey));
        return "valid basic";
      }
      return "none needed";
    }
    switch (i % 6) {
      case 0 -> { return "none"; }
      case 1 -> headers.put("Authorization", "Bearer " + fuzzerGarbage(i));
      case 2 -> headers.put("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((holder.id + ":tcak_wrong" + i).getBytes(StandardCharsets.UTF_8)));
      case 3 -> headers.put("Authorization", "Bearer " + (op.template().startsWith("/api/v1/provisioning") ? admin.adminToken : provisionerToken));
      case 4 -> headers.putAll(Traffic.basic(holder.id, op.template().startsWith("/appliance") ? holder.apiKey : holder.applianceKey));
      default -> headers.put("Authorization", "Digest " + "x".repeat(i));
    }
    return "invalid credentials " + (i % 6);
  }

  java.util.List<io.swagger.v3.oas.models.security.SecurityRequirement> fuzzerSecurity;

  static String fuzzerGarbage(int i) {
    return i % 2 == 0 ? "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." : "not-a-jwt-" + i;
  }

  // --- The table --------------------------------------------------------------------------------

  void printTable() throws IOException {
    StringBuilder table = new StringBuilder();
    table.append("| # | scenario | sent | 2xx | 4xx | 5xx | no answer | 5xx / no answer outside the fault window | recovery (first 2xx after the fault) | invariant violations | Get More accepted / delivered | notes |\n");
    table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      table.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d / %d | %s | %d | %s | %s |%n", r.id, r.name, r.sent, r.ok,
          r.client, r.server, r.none, r.serverOutside, r.noneOutside, r.recovery, r.violations, r.mail, r.notes));
    }
    OUT.println();
    OUT.print(table);
    Files.writeString(out.resolve("table.md"), table);
    log("raw output: " + out);
  }
}
