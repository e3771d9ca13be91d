package com.threatcommand.common.security;

import com.threatcommand.common.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Map;
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
          401,
          "unauthenticated",
          "Authentication required",
          "The token names no valid account.",
          Map.of("WWW-Authenticate", "Bearer"),
          null);
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

  /** The caller's group (the internal token carries exactly one): {@code admin}, {@code api-key}... */
  public String kind() {
    Set<String> groups = groups();
    return groups == null || groups.isEmpty() ? "unknown" : groups.iterator().next();
  }
}
