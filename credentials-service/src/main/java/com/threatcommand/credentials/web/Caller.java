package com.threatcommand.credentials.web;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified internal token only. The tenant ({@code account_id}) is never
 * taken from a path, query or header the caller chose.
 */
@RequestScoped
public class Caller {
  public static final Pattern ACCOUNT_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

  private final JsonWebToken jwt;

  Caller(JsonWebToken jwt) {
    this.jwt = jwt;
  }

  /** The caller's account; a token without a valid one is refused with 401. */
  public String accountId() {
    String accountId = jwt.getClaim("account_id");
    if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
      throw new ProblemException(
          401, "unauthenticated", "Authentication required", "The token names no valid account.");
    }
    return accountId;
  }

  public String subject() {
    return jwt.getSubject();
  }

  public String email() {
    return jwt.getClaim("email");
  }

  public String name() {
    return jwt.getClaim("name");
  }

  public Set<String> groups() {
    return jwt.getGroups();
  }

  /** How the caller shows up in ledgers and audit rows: {@code admin:<sub>}, {@code api-key:<sub>}. */
  public String actor() {
    Set<String> groups = groups();
    String kind = groups == null || groups.isEmpty() ? "unknown" : groups.iterator().next();
    return kind + ":" + subject();
  }
}
