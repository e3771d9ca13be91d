package com.threatcommand.credentials.support;

import java.security.SecureRandom;
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
}
