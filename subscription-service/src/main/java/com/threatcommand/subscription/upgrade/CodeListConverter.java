package com.threatcommand.subscription.upgrade;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.List;

/** Module codes (letters only, from the catalog) stored comma-separated. Null stays null. */
@Converter
public class CodeListConverter implements AttributeConverter<List<String>, String> {
  @Override
  public String convertToDatabaseColumn(List<String> codes) {
    return codes == null ? null : String.join(",", codes);
  }

  @Override
  public List<String> convertToEntityAttribute(String column) {
    if (column == null) {
      return null;
    }
    return column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
  }
}
