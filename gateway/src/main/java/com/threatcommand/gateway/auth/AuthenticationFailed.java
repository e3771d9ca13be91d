package com.threatcommand.gateway.auth;

/**
 * A credential was refused. The message is for the gateway's debug log only: callers get one
 * generic 401 so that the answer tells an attacker nothing about which check failed.
 */
public final class AuthenticationFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuthenticationFailed(String reason) {
    super(reason, null, false, false);
  }
}
