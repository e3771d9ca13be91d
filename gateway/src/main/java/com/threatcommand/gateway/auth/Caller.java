package com.threatcommand.gateway.auth;

/**
 * Who is calling, as established by the gateway from a verified credential. {@code kind} is the one
 * group the internal token will carry; {@code accountId} (the tenant) comes only from the verified
 * credential; {@code keyId} is set for key holders.
 */
public record Caller(
    String kind, String subject, String accountId, String email, String name, String keyId) {

  public static final Caller GATEWAY = new Caller(Roles.GATEWAY, "gateway", null, null, null, null);

  public static Caller keyHolder(String kind, String accountId, String keyId) {
    return new Caller(kind, kind + ":" + keyId, accountId, null, null, keyId);
  }
}
