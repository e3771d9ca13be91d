package com.threatcommand.subscription.support;

import com.threatcommand.testing.Tokens;

/**
 * Prints an internal token signed with the development key, for calling a service started with
 * {@code quarkus:dev} by hand (README, Quickstart). Valid for 5 minutes, like the gateway's.
 *
 * <pre>
 * ./mvnw -q -pl subscription-service -am test-compile exec:java \
 *     -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.threatcommand.subscription.support.DemoToken \
 *     -Dexec.args="admin 5f1e2d3c4b5a697887766554"
 * </pre>
 *
 * Arguments: the group ({@code admin}, {@code api-key} or {@code provisioner}) and, except for
 * {@code provisioner}, the account ID.
 */
public final class DemoToken {
  private DemoToken() {}

  public static void main(String[] args) {
    if (args.length < 1 || (!args[0].equals("provisioner") && args.length < 2)) {
      System.err.println("usage: DemoToken admin|api-key|provisioner [accountId]");
      System.exit(2);
    }
    String group = args[0];
    String accountId = args.length > 1 ? args[1] : null;
    String token =
        switch (group) {
          case "admin" -> Tokens.admin(accountId, "demo-admin", "admin@example.com", "Demo Admin");
          case "api-key" -> Tokens.apiKey(accountId);
          case "provisioner" -> Tokens.provisioner();
          default -> {
            System.err.println("unknown group " + group);
            System.exit(2);
            yield null;
          }
        };
    System.out.println(token);
  }
}
