package com.threatcommand.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Authorization header values for key holders. */
public final class Basic {
  private Basic() {}

  public static String of(String accountId, String key) {
    return "Basic "
        + Base64.getEncoder().encodeToString((accountId + ":" + key).getBytes(StandardCharsets.UTF_8));
  }
}
