package com.threatcommand.gateway.routing;

/** {@code ^[A-Za-z0-9_-]{1,64}$} (API.md), checked without a regex on the hot path. */
final class AccountIds {
  private AccountIds() {}

  static boolean valid(String id) {
    int length = id.length();
    if (length == 0 || length > 64) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
