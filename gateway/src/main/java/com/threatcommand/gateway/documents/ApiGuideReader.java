package com.threatcommand.gateway.documents;

import static com.threatcommand.gateway.documents.ApiGuidePage.id;
import static com.threatcommand.gateway.documents.ApiGuidePage.prose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.threatcommand.gateway.documents.ApiGuidePage.Body;
import com.threatcommand.gateway.documents.ApiGuidePage.Example;
import com.threatcommand.gateway.documents.ApiGuidePage.Field;
import com.threatcommand.gateway.documents.ApiGuidePage.Media;
import com.threatcommand.gateway.documents.ApiGuidePage.Operation;
import com.threatcommand.gateway.documents.ApiGuidePage.Piece;
import com.threatcommand.gateway.documents.ApiGuidePage.Problem;
import com.threatcommand.gateway.documents.ApiGuidePage.Response;
import com.threatcommand.gateway.documents.ApiGuidePage.SchemaEntry;
import com.threatcommand.gateway.documents.ApiGuidePage.Scheme;
import com.threatcommand.gateway.documents.ApiGuidePage.Server;
import com.threatcommand.gateway.documents.ApiGuidePage.Tag;
import com.threatcommand.gateway.documents.ApiGuidePage.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the merged OpenAPI document into the API guide's {@link ApiGuidePage}: operations by tag
 * in the document's order, parameters (with {@code $ref}s resolved), request bodies, responses
 * apart from problem responses, examples (the document's own, else made from the schema) and every
 * schema.
 */
final class ApiGuideReader {
  private static final List<String> METHODS =
      List.of("get", "put", "post", "patch", "delete", "head", "options", "trace");
  private static final String PROBLEM_TYPE = "application/problem+json";

  private final JsonNode doc;
  private final Schemas schemas;
  private final ObjectWriter pretty;

  ApiGuideReader(JsonNode doc, ObjectMapper json) {
    this.doc = doc;
    this.schemas = new Schemas(doc);
    this.pretty = json.writerWithDefaultPrettyPrinter();
  }

  ApiGuidePage page() {
    JsonNode info = doc.path("info");
    List<Server> servers = new ArrayList<>();
    doc.path("servers").forEach(s -> servers.add(new Server(s.path("url").asText(), s.path("description").asText(null))));
    List<Scheme> schemes = new ArrayList<>();
    doc.path("components").path("securitySchemes").fields().forEachRemaining(s -> schemes.add(
        new Scheme(id("security-", s.getKey()), s.getKey(), schemeType(s.getValue()), prose(s.getValue().path("description").asText(null)))));
    List<SchemaEntry> entries = new ArrayList<>();
    doc.path("components").path("schemas").fields().forEachRemaining(s -> entries.add(schema(s.getKey(), s.getValue())));
    return new ApiGuidePage(
        info.path("title").asText("API"),
        info.path("version").asText("?"),
        doc.path("openapi").asText("?"),
        prose(info.path("description").asText(null)),
        servers,
        schemes,
        doc.path("components").path("schemas").has("Problem"),
        tags(),
        entries);
  }

  private List<Tag> tags() {
    Map<String, List<Operation>> byTag = new LinkedHashMap<>();
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (JsonNode tag : doc.path("tags")) {
      byTag.put(tag.path("name").asText(), new ArrayList<>());
      descriptions.putIfAbsent(tag.path("name").asText(), tag.path("description").asText(null));
    }
    Set<String> anchors = new HashSet<>();
    doc.path("paths").fields().forEachRemaining(path -> {
      for (String method : METHODS) {
        JsonNode operation = path.getValue().get(method);
        if (operation != null && operation.isObject()) {
          String anchor = id("op-", operation.path("operationId").asText(method + path.getKey()));
          while (!anchors.add(anchor)) {
            anchor = anchor + "_";
          }
          byTag.computeIfAbsent(operation.path("tags").path(0).asText("Other"), t -> new ArrayList<>())
              .add(operation(method, path.getKey(), operation, path.getValue(), anchor));
        }
      }
    });
    List<Tag> tags = new ArrayList<>();
    byTag.forEach((name, ops) -> {
      if (!ops.isEmpty()) {
        tags.add(new Tag(id("tag-", name), name, prose(descriptions.get(name)), ops));
      }
    });
    return tags;
  }

  private static String schemeType(JsonNode scheme) {
    String type = scheme.path("type").asText("");
    if ("http".equals(type)) {
      String format = scheme.path("bearerFormat").asText(null);
      return "HTTP " + scheme.path("scheme").asText("") + (format == null ? "" : " (" + format + ")")
          + ": Authorization header";
    }
    if ("apiKey".equals(type)) {
      return "API key in " + scheme.path("in").asText("") + " " + scheme.path("name").asText("");
    }
    return type;
  }

  private Operation operation(String method, String path, JsonNode o, JsonNode pathItem, String anchor) {
    JsonNode body = o.path("requestBody");
    return new Operation(
        anchor,
        method,
        path,
        List.of(path.split("/", -1)),
        o.path("summary").asText(null),
        o.path("deprecated").asBoolean(false),
        prose(o.path("description").asText(null)),
        o.path("operationId").asText(null),
        security(o),
        parameters(pathItem, o),
        body.isObject()
            ? new Body(body.path("required").asBoolean(false), prose(body.path("description").asText(null)), content(body.path("content")))
            : null,
        responses(o.path("responses")),
        problems(o.path("responses")));
  }

  /** Alternatives (or) of requirements (and), each a link to its scheme; empty: no credential. */
  private List<List<Piece>> security(JsonNode operation) {
    JsonNode requirements = operation.has("security") ? operation.get("security") : doc.path("security");
    List<List<Piece>> alternatives = new ArrayList<>();
    if (!requirements.isArray()) {
      return alternatives;
    }
    requirements.forEach(r -> {
      List<Piece> names = new ArrayList<>();
      r.fieldNames().forEachRemaining(name -> names.add(new Piece(name, id("security-", name), false)));
      alternatives.add(names);
    });
    return alternatives;
  }

  private List<Field> parameters(JsonNode pathItem, JsonNode operation) {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    for (JsonNode source : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
      for (JsonNode p : source) {
        JsonNode param = resolveParameter(p);
        params.put(param.path("in").asText() + ":" + param.path("name").asText(), param);
      }
    }
    List<Field> fields = new ArrayList<>();
    for (JsonNode p : params.values()) {
      JsonNode schema = p.path("schema");
      fields.add(field(p.path("name").asText(), p.path("required").asBoolean(false), p.path("in").asText(),
          schema.isMissingNode() ? Schemas.ANY : schemas.type(schema), p, schema.isMissingNode() ? p : schema, p));
    }
    return fields;
  }

  /** A parameter given as a {@code $ref} to components.parameters. */
  private JsonNode resolveParameter(JsonNode p) {
    String ref = p.path("$ref").asText(null);
    String prefix = "#/components/parameters/";
    if (ref != null && ref.startsWith(prefix)) {
      JsonNode target = doc.path("components").path("parameters").path(ref.substring(prefix.length()));
      if (!target.isMissingNode()) {
        return target;
      }
    }
    return p;
  }

  private Field field(String name, boolean required, String in, Type type, JsonNode described, JsonNode schema, JsonNode owner) {
    List<String> notes = Schemas.constraints(schemas.resolve(schema));
    JsonNode example = owner.has("example") ? owner.get("example") : null;
    if (example == null) {
      JsonNode own = schema.path("examples");
      example = schema.has("example") ? schema.get("example") : (own.isArray() && !own.isEmpty() ? own.get(0) : null);
    }
    return new Field(name, required, in, type, prose(described.path("description").asText(null)),
        notes.isEmpty() ? null : String.join(" · ", notes), example == null ? null : Schemas.scalar(example));
  }

  private static boolean isProblem(String status, JsonNode response) {
    return response.path("content").has(PROBLEM_TYPE) || status.startsWith("4") || status.startsWith("5");
  }

  private static String family(String status) {
    char family = status.isEmpty() ? 'x' : status.charAt(0);
    return family >= '1' && family <= '5' ? "s" + family : "sx";
  }

  private List<Response> responses(JsonNode responses) {
    List<Response> regular = new ArrayList<>();
    responses.fields().forEachRemaining(r -> {
      if (!isProblem(r.getKey(), r.getValue())) {
        List<Field> headers = new ArrayList<>();
        r.getValue().path("headers").fields().forEachRemaining(h -> {
          JsonNode schema = h.getValue().path("schema");
          headers.add(new Field(h.getKey(), false, null, schema.isMissingNode() ? Schemas.STRING : schemas.type(schema),
              prose(h.getValue().path("description").asText(null)), null, null));
        });
        regular.add(new Response(r.getKey(), family(r.getKey()), r.getValue().path("description").asText(""),
            headers, content(r.getValue().path("content"))));
      }
    });
    return regular;
  }

  private List<Problem> problems(JsonNode responses) {
    List<Problem> problems = new ArrayList<>();
    responses.fields().forEachRemaining(r -> {
      if (isProblem(r.getKey(), r.getValue())) {
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        r.getValue().path("content").fields().forEachRemaining(m -> examples.putAll(mediaExamples(m.getValue(), false)));
        problems.add(new Problem(r.getKey(), family(r.getKey()), r.getValue().path("description").asText(""), examples(examples)));
      }
    });
    problems.sort((a, b) -> a.status().compareTo(b.status()));
    return problems;
  }

  private List<Media> content(JsonNode content) {
    List<Media> media = new ArrayList<>();
    content.fields().forEachRemaining(m -> {
      JsonNode schema = m.getValue().path("schema");
      boolean table = !schema.isMissingNode() && Schemas.refName(schema) == null && schemas.hasProperties(schema);
      media.add(new Media(m.getKey(), schema.isMissingNode() ? null : schemas.type(schema),
          table ? properties(schema) : List.of(),
          m.getKey().contains("json") ? examples(mediaExamples(m.getValue(), true)) : List.of()));
    });
    return media;
  }

  /** The media type's examples by label; with {@code synthesize}, one made from the schema if none. */
  private Map<String, JsonNode> mediaExamples(JsonNode media, boolean synthesize) {
    Map<String, JsonNode> examples = new LinkedHashMap<>();
    if (media.has("example")) {
      examples.put("Example", media.get("example"));
    }
    media.path("examples").fields().forEachRemaining(e -> {
      JsonNode value = e.getValue().path("value");
      if (!value.isMissingNode()) {
        examples.put("Example: " + e.getValue().path("summary").asText(e.getKey()), value);
      }
    });
    if (examples.isEmpty() && synthesize) {
      JsonNode example = schemas.example(media.path("schema"));
      if (example != null) {
        examples.put("Example", example);
      }
    }
    return examples;
  }

  private List<Example> examples(Map<String, JsonNode> examples) {
    List<Example> list = new ArrayList<>();
    examples.forEach((label, value) -> list.add(new Example(label, json(value))));
    return list;
  }

  private SchemaEntry schema(String name, JsonNode schema) {
    boolean table = schemas.hasProperties(schema);
    List<String> notes = table ? List.of() : Schemas.constraints(schema);
    JsonNode example = schemas.example(schema);
    return new SchemaEntry(id("schema-", name), name, schemas.type(schema), prose(schema.path("description").asText(null)),
        table ? properties(schema) : List.of(), notes.isEmpty() ? null : String.join(" · ", notes),
        example == null ? null : json(example));
  }

  private List<Field> properties(JsonNode schema) {
    List<Field> rows = new ArrayList<>();
    for (Schemas.Property p : schemas.properties(schema)) {
      rows.add(field(p.name(), p.required(), null, schemas.type(p.schema()), p.schema(), p.schema(), p.schema()));
    }
    return rows;
  }

  private String json(JsonNode node) {
    try {
      return pretty.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return node.toString();
    }
  }
}
