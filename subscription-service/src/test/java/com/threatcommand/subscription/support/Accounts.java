package com.threatcommand.subscription.support;

import static io.restassured.RestAssured.given;

import com.threatcommand.testing.Tokens;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;

/** Fresh tenants for tests, so that tests sharing one database never see each other's data. */
public final class Accounts {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Accounts() {}

  /** A new Threat Command-style account ID (24 hex digits). */
  public static String newId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Provisions a GOLD subscription through the public provisioning API and returns its ID. */
  public static String provisioned(String type, String expiresOn, long assets, long remediations, String... modules) {
    String accountId = newId();
    provision(accountId, type, expiresOn, assets, remediations, modules);
    return accountId;
  }

  public static void provision(
      String accountId, String type, String expiresOn, long assets, long remediations, String... modules) {
    StringBuilder codes = new StringBuilder();
    for (String m : modules) {
      codes.append(codes.length() == 0 ? "" : ",").append('"').append(m).append('"');
    }
    given()
        .auth()
        .oauth2(Tokens.provisioner())
        .contentType("application/json")
        .body(
            "{\"type\":\""
                + type
                + "\",\"expiresOn\":\""
                + expiresOn
                + "\",\"modules\":["
                + codes
                + "],\"limits\":{\"assets\":"
                + assets
                + ",\"remediations\":"
                + remediations
                + "},\"storedDataRegion\":\"EU\"}")
        .put("/api/v1/provisioning/accounts/{id}/subscription", accountId)
        .then()
        .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
  }

  /**
   * Another transaction (an operator's, a stuck one) locks the account's subscription row on
   * {@code holder}, until the test ends that transaction (rollback).
   */
  public static void lockRow(Connection holder, String accountId) throws SQLException {
    holder.setAutoCommit(false);
    try (PreparedStatement lock =
        holder.prepareStatement("select 1 from subscription where account_id = ? for update")) {
      lock.setString(1, accountId);
      lock.executeQuery().close();
    }
  }
}
