package com.threatcommand.gateway.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.threatcommand.gateway.documents.ApiGuidePage.Piece;
import com.threatcommand.gateway.documents.ApiGuidePage.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the schemas of an OpenAPI 3.0 or 3.1 document for the guide: what type a schema is (with
 * links to the schemas section), its properties and their constraints, and an example
 * (the document's own when it has one, else one made from the types).
 */
final class Schemas {
  private static final String REF_PREFIX = "#/components/schemas/";
  private static final int MAX_DEPTH = 6;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode components;

  Schemas(JsonNode document) {
    this.components = document.path("components").path("schemas");
  }

  /** The name a {@code $ref} points to, or null. */
  static String refName(JsonNode schema) {
    String ref = schema.path("$ref").asText(null);
    return ref != null && ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : null;
  }

  /** The schema itself, or what its {@code $ref} names (missing node if unknown). */
  JsonNode resolve(JsonNode schema) {
    JsonNode current = schema;
    for (int i = 0; i < MAX_DEPTH && current.has("$ref"); i++) {
      String name = refName(current);
      if (name == null || !components.has(name)) {
        return current;
      }
      current = components.get(name);
    }
    return current;
  }

  // --- types -------------------------------------------------------------------------------------

  /** The declared types (3.1 allows a list), without "null". */
  static List<String> types(JsonNode schema) {
    List<String> types = new ArrayList<>();
    JsonNode type = schema.path("type");
    if (type.isTextual()) {
      types.add(type.asText());
    } else if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    }
    types.remove("null");
    return types;
  }

  static boolean nullable(JsonNode schema) {
    if (schema.path("nullable").asBoolean(false)) {
      return true;
    }
    for (JsonNode t : schema.path("type")) {
      if ("null".equals(t.asText())) {
        return true;
      }
    }
    return false;
  }

  static final Type ANY = new Type(List.of(Piece.text("any")), false);
  static final Type STRING = new Type(List.of(Piece.text("string")), false);

  /** The type as shown: a link for a named schema, "array of ...", "string (date)", enums. */
  Type type(JsonNode schema) {
    List<Piece> pieces = new ArrayList<>();
    type(schema, 0, pieces);
    return new Type(List.copyOf(pieces), nullable(schema));
  }

  private void type(JsonNode schema, int depth, List<Piece> out) {
    if (schema == null || schema.isMissingNode() || depth > MAX_DEPTH) {
      out.add(Piece.text("any"));
      return;
    }
    String ref = refName(schema);
    if (ref != null) {
      out.add(new Piece(ref, ApiGuidePage.id("schema-", ref), false));
      return;
    }
    for (String combinator : List.of("oneOf", "anyOf")) {
      if (schema.path(combinator).isArray()) {
        out.add(Piece.text("one of "));
        join(schema.get(combinator), " | ", depth, out);
        return;
      }
    }
    if (schema.path("allOf").isArray()) {
      if (schema.get("allOf").size() != 1) {
        out.add(Piece.text("all of "));
      }
      join(schema.get("allOf"), " & ", depth, out);
      return;
    }
    if (schema.path("enum").isArray()) {
      JsonNode values = schema.get("enum");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.add(Piece.text(" | "));
        }
        out.add(Piece.code(values.get(i).isTextual() ? values.get(i).asText() : values.get(i).toString()));
      }
      return;
    }
    List<String> types = types(schema);
    String type = types.isEmpty() ? (schema.has("properties") ? "object" : null) : String.join(" | ", types);
    if (type == null) {
      out.add(Piece.text("any"));
    } else if (type.equals("array")) {
      out.add(Piece.text("array of "));
      type(schema.path("items"), depth + 1, out);
    } else if (type.equals("object") && !schema.has("properties") && schema.has("additionalProperties")) {
      out.add(Piece.text("map of string to "));
      JsonNode values = schema.get("additionalProperties");
      type(values.isObject() ? values : null, depth + 1, out);
    } else {
      String format = schema.path("format").asText(null);
      out.add(Piece.text(format == null ? type : type + " (" + format + ")"));
    }
  }

  private void join(JsonNode parts, String separator, int depth, List<Piece> out) {
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        out.add(Piece.text(separator));
      }
      type(parts.get(i), depth + 1, out);
    }
  }

  // --- constraints -------------------------------------------------------------------------------

  /** Human-readable constraints: bounds, lengths, pattern, default, read-only. */
  static List<String> constraints(JsonNode schema) {
    List<String> out = new ArrayList<>();
    bound(out, schema, "minimum", "exclusiveMinimum", "≥ ", "> ");
    bound(out, schema, "maximum", "exclusiveMaximum", "≤ ", "< ");
    if (schema.has("minLength") || schema.has("maxLength")) {
      out.add(range("length", schema.path("minLength"), schema.path("maxLength")));
    }
    if (schema.has("minItems") || schema.has("maxItems")) {
      out.add(range("items", schema.path("minItems"), schema.path("maxItems")));
    }
    if (schema.path("uniqueItems").asBoolean(false)) {
      out.add("unique items");
    }
    if (schema.hasNonNull("pattern")) {
      out.add("pattern " + schema.get("pattern").asText());
    }
    if (schema.has("default")) {
      out.add("default " + scalar(schema.get("default")));
    }
    if (schema.path("readOnly").asBoolean(false)) {
      out.add("read-only");
    }
    if (schema.path("writeOnly").asBoolean(false)) {
      out.add("write-only");
    }
    if (schema.path("deprecated").asBoolean(false)) {
      out.add("deprecated");
    }
    return out;
  }

  private static void bound(
      List<String> out, JsonNode schema, String inclusive, String exclusive, String le, String lt) {
    JsonNode ex = schema.path(exclusive);
    if (ex.isNumber()) {
      out.add(lt + ex.asText());
    } else if (schema.path(inclusive).isNumber()) {
      out.add((ex.asBoolean(false) ? lt : le) + schema.get(inclusive).asText());
    }
  }

  private static String range(String what, JsonNode min, JsonNode max) {
    if (min.isNumber() && max.isNumber()) {
      return what + " " + min.asText() + "..." + max.asText();
    }
    return min.isNumber() ? what + " ≥ " + min.asText() : what + " ≤ " + max.asText();
  }

  static String scalar(JsonNode value) {
    return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
  }

  // --- properties ----------------------------------------------------------------------------------

  /** One row of a property table: a dotted name for nested inline objects. */
  record Property(String name, JsonNode schema, boolean required) {}

  /** The properties of an object schema (allOf parts merged, inline objects flattened). */
  List<Property> properties(JsonNode schema) {
    List<Property> rows = new ArrayList<>();
    collect(schema, "", rows, 0, new LinkedHashSet<>());
    return rows;
  }

  private void collect(JsonNode schema, String prefix, List<Property> rows, int depth, Set<String> seen) {
    if (depth > MAX_DEPTH) {
      return;
    }
    String ref = refName(schema);
    if (ref != null) {
      if (!prefix.isEmpty() || !seen.add(ref)) {
        return; // a named schema below the top has its own entry in the schemas section
      }
      collect(resolve(schema), prefix, rows, depth + 1, seen);
      return;
    }
    for (JsonNode part : schema.path("allOf")) {
      collect(part, prefix, rows, depth + 1, seen);
    }
    Set<String> required = new LinkedHashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      String name = prefix + p.getKey();
      rows.add(new Property(name, p.getValue(), required.contains(p.getKey())));
      JsonNode value = p.getValue();
      if (refName(value) == null && value.has("properties")) {
        collect(value, name + ".", rows, depth + 1, seen);
      } else if (refName(value) == null && value.path("items").has("properties")) {
        collect(value.get("items"), name + "[].", rows, depth + 1, seen);
      }
    }
  }

  /** Whether the schema (resolved) is an object with properties to tabulate. */
  boolean hasProperties(JsonNode schema) {
    JsonNode resolved = resolve(schema);
    return resolved.has("properties") || resolved.path("allOf").isArray();
  }

  // --- examples -------------------------------------------------------------------------------------

  /** The schema's own example, else one built from its types; null when nothing sensible exists. */
  JsonNode example(JsonNode schema) {
    return example(schema, 0);
  }

  private JsonNode example(JsonNode schema, int depth) {
    if (schema == null || schema.isMissingNode() || depth > MAX_DEPTH) {
      return null;
    }
    JsonNode own = ownExample(schema);
    if (own != null) {
      return own;
    }
    if (schema.has("$ref")) {
      return example(resolve(schema), depth + 1);
    }
    for (String combinator : List.of("oneOf", "anyOf")) {
      if (schema.path(combinator).isArray() && !schema.get(combinator).isEmpty()) {
        return example(schema.get(combinator).get(0), depth + 1);
      }
    }
    if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(0);
    }
    if (schema.has("const")) {
      return schema.get("const");
    }
    List<String> types = types(schema);
    String type = types.isEmpty() ? (schema.has("properties") || schema.has("allOf") ? "object" : "") : types.get(0);
    switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        for (JsonNode part : schema.path("allOf")) {
          JsonNode merged = example(part, depth + 1);
          if (merged instanceof ObjectNode fields) {
            object.setAll(fields);
          }
        }
        Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> p = it.next();
          JsonNode value = example(p.getValue(), depth + 1);
          object.set(p.getKey(), value == null ? NODES.nullNode() : value);
        }
        if (object.isEmpty() && schema.path("additionalProperties").isObject()) {
          JsonNode value = example(schema.get("additionalProperties"), depth + 1);
          object.set("key", value == null ? NODES.nullNode() : value);
        }
        return object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        JsonNode item = example(schema.path("items"), depth + 1);
        if (item != null) {
          array.add(item);
        }
        return array;
      }
      case "string" -> {
        return NODES.textNode(
            switch (schema.path("format").asText("")) {
              case "date" -> "2026-11-27";
              case "date-time" -> "2026-11-27T10:15:30Z";
              case "uuid" -> "7c0e5a7e-2f4b-4f0e-8f55-3d8a3a1f2b10";
              case "binary", "byte" -> "(binary)";
              default -> "string";
            });
      }
      case "integer" -> {
        return NODES.numberNode(schema.path("minimum").isNumber() ? schema.get("minimum").asLong() : 0L);
      }
      case "number" -> {
        return NODES.numberNode(schema.path("minimum").isNumber() ? schema.get("minimum").asDouble() : 0.0);
      }
      case "boolean" -> {
        return NODES.booleanNode(true);
      }
      default -> {
        return null;
      }
    }
  }

  private static JsonNode ownExample(JsonNode schema) {
    if (schema.has("example")) {
      return schema.get("example");
    }
    JsonNode examples = schema.path("examples");
    if (examples.isArray() && !examples.isEmpty()) {
      return examples.get(0);
    }
    return null;
  }
}
