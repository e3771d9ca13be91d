package com.threatcommand.credentials.keys;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** The two kinds of key, by their path segment ({@code api-key}) and key prefix ({@code tcak_}). */
public enum KeyKind {
  API_KEY("api-key", KeyCheck.API_KEY_PREFIX),
  APPLIANCE_KEY("appliance-key", KeyCheck.APPLIANCE_KEY_PREFIX);

  private final String slug;
  private final String prefix;

  KeyKind(String slug, String prefix) {
    this.slug = slug;
    this.prefix = prefix;
  }

  @JsonValue
  public String slug() {
    return slug;
  }

  public String prefix() {
    return prefix;
  }

  public static Optional<KeyKind> fromSlug(String slug) {
    for (KeyKind kind : values()) {
      if (kind.slug.equals(slug)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return slug;
  }
}
