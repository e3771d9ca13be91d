package com.threatcommand.gateway.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the API guide's {@code templates/api-guide.html} shows, read from the merged OpenAPI
 * document: the overview, the security schemes, every operation by tag (parameters, request body,
 * responses with their schemas and examples, problem responses) and every schema. Everything here
 * is text: the template escapes it, and fragment identifiers are reduced to safe characters.
 */
@TemplateData
record ApiGuidePage(
    String title,
    String version,
    String openapi,
    List<List<Piece>> description,
    List<Server> servers,
    List<Scheme> schemes,
    boolean problemSchema,
    List<Tag> tags,
    List<SchemaEntry> schemas) {
  static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

  /** Text, a link to a fragment of the page ({@code href}) or a {@code code} span. */
  @TemplateData
  record Piece(String text, String href, boolean code) {
    static Piece text(String text) {
      return new Piece(text, null, false);
    }

    static Piece code(String text) {
      return new Piece(text, null, true);
    }
  }

  /** A schema's type as shown: pieces such as "array of", a link to a schema, enum values. */
  @TemplateData
  record Type(List<Piece> pieces, boolean nullable) {}

  @TemplateData
  record Server(String url, String description) {}

  @TemplateData
  record Scheme(String id, String name, String type, List<List<Piece>> description) {}

  @TemplateData
  record Tag(String id, String name, List<List<Piece>> description, List<Operation> operations) {}

  @TemplateData
  record Operation(
      String anchor,
      String method,
      String path,
      List<String> segments,
      String summary,
      boolean deprecated,
      List<List<Piece>> description,
      String operationId,
      List<List<Piece>> security,
      List<Field> parameters,
      Body body,
      List<Response> responses,
      List<Problem> problems) {
    public String methodName() {
      return method.toUpperCase(Locale.ROOT);
    }
  }

  /** A parameter, header or property: {@code in} only for parameters. */
  @TemplateData
  record Field(
      String name,
      boolean required,
      String in,
      Type type,
      List<List<Piece>> description,
      String constraints,
      String example) {}

  @TemplateData
  record Body(boolean required, List<List<Piece>> description, List<Media> content) {}

  @TemplateData
  record Media(String mediaType, Type type, List<Field> properties, List<Example> examples) {}

  @TemplateData
  record Response(String status, String family, String description, List<Field> headers, List<Media> content) {}

  @TemplateData
  record Problem(String status, String family, String description, List<Example> examples) {}

  @TemplateData
  record Example(String label, String json) {}

  @TemplateData
  record SchemaEntry(
      String id,
      String name,
      Type type,
      List<List<Piece>> description,
      List<Field> properties,
      String constraints,
      String example) {}

  static ApiGuidePage of(JsonNode doc, ObjectMapper json) {
    return new ApiGuideReader(doc, json).page();
  }

  /** A fragment identifier made only of safe characters, so it needs no escaping anywhere. */
  static String id(String prefix, String name) {
    StringBuilder b = new StringBuilder(prefix);
    for (char c : name.toCharArray()) {
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      b.append(safe ? c : '_');
    }
    return b.toString();
  }

  /**
   * A description as paragraphs (blank lines separate them) with {@code `code`} spans; nothing
   * else of Markdown is interpreted.
   */
  static List<List<Piece>> prose(String text) {
    List<List<Piece>> paragraphs = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return paragraphs;
    }
    for (String paragraph : text.trim().split("\\n\\s*\\n")) {
      List<Piece> pieces = new ArrayList<>();
      String[] parts = paragraph.trim().split("`", -1);
      for (int i = 0; i < parts.length; i++) {
        boolean code = i % 2 == 1 && i < parts.length - 1;
        pieces.add(code ? Piece.code(parts[i]) : Piece.text(i % 2 == 1 ? "`" + parts[i] : parts[i]));
      }
      paragraphs.add(pieces);
    }
    return paragraphs;
  }
}
