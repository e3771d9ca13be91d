package com.threatcommand.deploy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * For {@code deploy/bench/lock-wait}: another transaction (an operator's, a stuck one) that keeps
 * one account's subscription row locked ({@code SELECT ... FOR UPDATE}) for a while, then rolls
 * back. Prints {@code held} once it has the lock.
 *
 * <pre>java -cp deploy/target/local-stack.jar com.threatcommand.deploy.bench.HoldRow JDBC_URL USER ACCOUNT_ID SECONDS</pre>
 */
public final class HoldRow {
  private HoldRow() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: HoldRow JDBC_URL USER ACCOUNT_ID SECONDS");
      System.exit(2);
    }
    try (Connection c = DriverManager.getConnection(args[0], args[1], "")) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement("select 1 from subscription where account_id = ? for update")) {
        s.setString(1, args[2]);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw new IllegalStateException("no subscription row for account " + args[2]);
          }
        }
      }
      System.out.println("held");
      System.out.flush();
      Thread.sleep(Long.parseLong(args[3]) * 1000);
      c.rollback();
    }
  }
}
