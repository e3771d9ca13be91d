package com.threatcommand.credentials.keys;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a kind as its slug ({@code api-key}), as the schema's check constraints expect. */
@Converter(autoApply = true)
public class KeyKindConverter implements AttributeConverter<KeyKind, String> {
  @Override
  public String convertToDatabaseColumn(KeyKind kind) {
    return kind == null ? null : kind.slug();
  }

  @Override
  public KeyKind convertToEntityAttribute(String slug) {
    return slug == null
        ? null
        : KeyKind.fromSlug(slug).orElseThrow(() -> new IllegalStateException("unknown kind"));
  }
}
