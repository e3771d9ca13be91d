package com.threatcommand.deploy.chaos;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything the load saw, from the client's side: every HTTP attempt (its scenario, operation,
 * the part of the system it needs, when it started and ended, its status or 0 for no answer), and
 * what the client was told succeeded (to check against the databases and the mail sink).
 */
final class Recorder {
  /** One HTTP attempt; times in epoch milliseconds; status 0: no answer (connection refused, reset, timeout). */
  record Attempt(String scenario, String op, String component, long start, long end, int status) {}

  record Debit(String account, String key, String transactionId, long amount) {}

  record Accepted(String account, String id) {}

  record Key(String account, String kind, String id) {}

  /** A usage change: applied (2xx), refused (4xx) or unknown (no answer or 5xx after the retries). */
  record Usage(String account, long delta, String outcome) {}

  final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Debit> debits = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Accepted> getMore = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Key> keys = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Usage> usage = new ConcurrentLinkedQueue<>();
  /** What the client itself saw break a promise (e.g. a replay that answered another transaction). */
  final ConcurrentLinkedQueue<String> clientViolations = new ConcurrentLinkedQueue<>();
  volatile String scenario = "setup";

  void attempt(String op, String component, long start, long end, int status) {
    attempts.add(new Attempt(scenario, op, component, start, end, status));
  }

  List<Attempt> of(String scenario) {
    return attempts.stream().filter(a -> a.scenario.equals(scenario)).toList();
  }
}
