package com.threatcommand.deploy.chaos;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The promises of API.md, checked from the databases (the embedded PostgreSQL, as its superuser)
 * and the mail sink's files, never from logs; each broken one is a line in the result.
 */
final class Invariants {
  private static final Pattern REQUEST_ID = Pattern.compile("Request ID:\\s+([0-9a-f-]{36})");

  private final int postgresPort;
  private final Path mail;

  Invariants(int postgresPort, Path mail) {
    this.postgresPort = postgresPort;
    this.mail = mail;
  }

  Connection connect(String database) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", "postgres");
    login.setProperty("connectTimeout", "5");
    login.setProperty("socketTimeout", "30");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database, login);
  }

  /** Waits (bounded) until no "Get More" mail is still due: the outbox is empty of PENDING rows. */
  long awaitOutboxDrained(long maxMillis) throws InterruptedException {
    long start = System.currentTimeMillis();
    while (System.currentTimeMillis() - start < maxMillis) {
      try (Connection c = connect("subscription");
          ResultSet r = c.createStatement().executeQuery("select count(*) from outbox_message where status = 'PENDING'")) {
        r.next();
        if (r.getLong(1) == 0) {
          return System.currentTimeMillis() - start;
        }
      } catch (SQLException e) {
        // the database may be coming back
      }
      Thread.sleep(500);
    }
    return -1;
  }

  /** Every invariant, over everything the run did so far. */
  List<String> check(Recorder recorder) throws Exception {
    List<String> violations = new ArrayList<>(recorder.clientViolations);
    try (Connection s = connect("subscription"); Connection k = connect("credentials")) {
      rows(s, violations, "credits balance differs from the sum of its ledger",
          "select s.account_id, s.credit_balance, coalesce(sum(case t.kind when 'GRANT' then t.amount else -t.amount end), 0)"
              + " from subscription s left join credit_transaction t on t.account_id = s.account_id"
              + " group by s.account_id, s.credit_balance"
              + " having s.credit_balance <> coalesce(sum(case t.kind when 'GRANT' then t.amount else -t.amount end), 0)");
      rows(s, violations, "credits balance below zero", "select account_id, credit_balance from subscription where credit_balance < 0");
      rows(s, violations, "used above limit",
          "select account_id, assets_used, assets_limit, remediations_used, remediations_limit from subscription"
              + " where assets_used > assets_limit or remediations_used > remediations_limit");
      rows(s, violations, "an idempotency key's debit applied twice",
          "select account_id, reference, count(*) from credit_transaction where kind = 'DEBIT' and reference like 'chaos-%'"
              + " group by account_id, reference having count(*) > 1");
      rows(s, violations, "an idempotency key's Get More stored twice",
          "select account_id, message, count(*) from upgrade_request where message like 'chaos-more-%'"
              + " group by account_id, message having count(*) > 1");
      rows(k, violations, "more than one active key of a kind",
          "select account_id, kind, count(*) from credential_key where status = 'ACTIVE' group by account_id, kind having count(*) > 1");

      // Durable: every 2xx the client was given.
      Set<String> transactions = ids(s, "select id::text from credit_transaction");
      recorder.debits.stream().filter(d -> !transactions.contains(d.transactionId()))
          .forEach(d -> violations.add("debit answered 201 is not in the ledger: " + d));
      Set<String> requests = ids(s, "select id::text from upgrade_request");
      recorder.getMore.stream().filter(g -> !requests.contains(g.id()))
          .forEach(g -> violations.add("Get More answered 202 is not stored: " + g));
      Set<String> keys = ids(k, "select id::text from credential_key");
      recorder.keys.stream().filter(key -> !keys.contains(key.id()))
          .forEach(key -> violations.add("key answered 201 is not stored: " + key));
      Map<String, long[]> bounds = new HashMap<>(); // account -> {applied, unknown negative, unknown positive}
      for (Recorder.Usage u : recorder.usage) {
        long[] b = bounds.computeIfAbsent(u.account(), a -> new long[3]);
        if (u.outcome().equals("applied")) {
          b[0] += u.delta();
        } else if (u.outcome().equals("unknown")) {
          b[u.delta() < 0 ? 1 : 2] += u.delta();
        }
      }
      try (PreparedStatement used = s.prepareStatement("select assets_used from subscription where account_id = ?")) {
        for (Map.Entry<String, long[]> e : bounds.entrySet()) {
          used.setString(1, e.getKey());
          try (ResultSet r = used.executeQuery()) {
            long value = r.next() ? r.getLong(1) : -1;
            long[] b = e.getValue();
            // Each account starts at 0 used: what the 2xx answers applied, give or take the unknown ones.
            long low = b[0] + b[1];
            long high = b[0] + b[2];
            if (value < low || value > high) {
              violations.add("assets used of " + e.getKey() + " is " + value + ", outside what the answers allow ["
                  + low + ", " + high + "]");
            }
          }
        }
      }

      // Every accepted Get More reached the sink; copies only with the same Message-ID.
      Map<String, Set<String>> messageIds = mailByRequest();
      Set<String> pending = ids(s, "select request_id::text from outbox_message where status <> 'SENT'");
      for (Recorder.Accepted g : recorder.getMore) {
        if (!messageIds.containsKey(g.id())) {
          violations.add("Get More " + g.id() + " accepted but not in the sink" + (pending.contains(g.id()) ? " (still PENDING)" : ""));
        }
      }
      messageIds.forEach((request, ids) -> {
        if (ids.size() > 1) {
          violations.add("Get More " + request + " reached the sink with different Message-IDs " + ids);
        }
      });
    }
    return violations;
  }

  /** Request ID (from the mail's text) to the Message-IDs of its copies in the sink. */
  Map<String, Set<String>> mailByRequest() throws Exception {
    Map<String, Set<String>> byRequest = new HashMap<>();
    Session session = Session.getInstance(new Properties());
    try (Stream<Path> files = Files.list(mail)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".eml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          MimeMessage message = new MimeMessage(session, in);
          String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
          Matcher m = REQUEST_ID.matcher(text);
          String request = m.find() ? m.group(1) : "?" + file.getFileName();
          byRequest.computeIfAbsent(request, r -> new HashSet<>()).add(String.valueOf(message.getMessageID()));
        }
      }
    }
    return byRequest;
  }

  /** Counts of mail: messages in the sink, distinct requests among them. */
  int[] mailCounts() throws Exception {
    Map<String, Set<String>> byRequest = mailByRequest();
    try (Stream<Path> files = Files.list(mail)) {
      return new int[] {(int) files.filter(f -> f.getFileName().toString().endsWith(".eml")).count(), byRequest.size()};
    }
  }

  private static void rows(Connection c, List<String> violations, String what, String sql) throws SQLException {
    try (ResultSet r = c.createStatement().executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder(what).append(":");
        for (int i = 1; i <= columns; i++) {
          row.append(' ').append(r.getString(i));
        }
        violations.add(row.toString());
      }
    }
  }

  private static Set<String> ids(Connection c, String sql) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (ResultSet r = c.createStatement().executeQuery(sql)) {
      while (r.next()) {
        ids.add(r.getString(1));
      }
    }
    return ids;
  }
}
