package com.threatcommand.common.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.stream.Collectors;

/** The name a caller knows for what was wrong: a JSON field ("modules[0]") or a query parameter. */
final class FieldNames {
  private FieldNames() {}

  /** The JSON field or query parameter a violation is about, without the Java method path. */
  static String of(ConstraintViolation<?> violation) {
    StringBuilder name = new StringBuilder();
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.METHOD) {
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER) {
        // A parameter's own name is only meaningful for query/path/header parameters;
        // request bodies are named "body" by the resource methods.
        name.setLength(0);
        name.append(node.getName());
        continue;
      }
      if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
        // An element of a list: "modules[0]", not "modules.<list element>[0]".
        if (node.getIndex() != null) {
          name.append('[').append(node.getIndex()).append(']');
        }
        continue;
      }
      if (node.getName() == null) {
        continue;
      }
      if (name.length() > 0 && name.toString().equals("body")) {
        name.setLength(0);
      } else if (name.length() > 0) {
        name.append('.');
      }
      name.append(node.getName());
      if (node.getIndex() != null) {
        name.append('[').append(node.getIndex()).append(']');
      }
    }
    return name.length() == 0 ? "body" : name.toString();
  }

  /** The JSON path of a field Jackson could not read ("limits.assets", "modules[2]"), or "body". */
  static String of(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return path.isEmpty() ? "body" : path;
  }
}
