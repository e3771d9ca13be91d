package com.threatcommand.deploy.chaos;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6's schema-driven fuzzer: for every operation of the merged {@code /openapi}, requests
 * whose path, query and header parameters and JSON body are generated from the document's schemas
 * by seeded random generators, valid and deliberately broken (wrong types, out of range, too long,
 * missing required fields, unknown enum values, extra fields, not JSON), with valid and invalid
 * credentials. Every answer must be a non-5xx, and must match the document (Atlassian's
 * swagger-request-validator checks status, content type and body against the operation).
 */
final class Fuzzer {
  /** An operation of the document. */
  record Op(String method, String template, Operation operation) {
    String name() {
      return method + " " + template;
    }
  }

  final OpenAPI api;
  final OpenApiInteractionValidator validator;
  final List<Op> ops = new ArrayList<>();
  final Random random;
  final AtomicLong cases = new AtomicLong();
  final AtomicLong serverErrors = new AtomicLong();
  final AtomicLong mismatches = new AtomicLong();
  final Set<String> covered = new TreeSet<>();
  /** A few examples of each kind of finding: "5xx POST /x 500" or "mismatch GET /y: message". */
  final Map<String, String> findings = new ConcurrentHashMap<>();
  final Map<String, Long> statuses = new TreeMap<>();

  Fuzzer(String document, long seed) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    this.api = new OpenAPIV3Parser().readContents(document, null, options).getOpenAPI();
    this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    this.random = new Random(seed);
    api.getPaths().forEach((template, item) -> item.readOperationsMap().forEach(
        (method, operation) -> ops.add(new Op(method.name(), template, operation))));
  }

  /** What one case sends. */
  record Case(String method, String path, Map<String, String> headers, byte[] body, String description) {}

  /** A case for the operation: valid or broken input, from its schemas. */
  Case generate(Op op, boolean validInput) {
    String path = op.template;
    StringBuilder query = new StringBuilder();
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> broken = new ArrayList<>();
    List<Parameter> parameters = op.operation.getParameters() == null ? List.of() : op.operation.getParameters();
    for (Parameter p : parameters) {
      boolean breakIt = !validInput && random.nextInt(3) == 0;
      boolean required = Boolean.TRUE.equals(p.getRequired());
      if (!required && random.nextBoolean() && !breakIt) {
        continue;
      }
      if (breakIt && !p.getIn().equals("path") && random.nextInt(3) == 0) {
        broken.add("no " + p.getName());
        continue; // a required one left out
      }
      Object value = breakIt ? invalid(p.getSchema()) : valid(p.getSchema(), 0);
      if (breakIt) {
        broken.add(p.getName());
      }
      String text = value == null ? "" : value instanceof String s ? s : Traffic.JSON.valueToTree(value).toString();
      switch (p.getIn()) {
        case "path" -> path = path.replace("{" + p.getName() + "}", URLEncoder.encode(text.isEmpty() ? "x" : text, StandardCharsets.UTF_8).replace("+", "%20"));
        case "query" -> query.append(query.length() == 0 ? "?" : "&").append(p.getName()).append('=')
            .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
        case "header" -> headers.put(p.getName(), text.replaceAll("[\\r\\n\\x00-\\x1f\\x7f-\\x{10ffff}]", "?"));
        default -> { }
      }
    }
    byte[] body = null;
    if (op.operation.getRequestBody() != null && op.operation.getRequestBody().getContent() != null) {
      MediaType json = op.operation.getRequestBody().getContent().get("application/json");
      Schema<?> schema = json == null ? null : json.getSchema();
      headers.put("Content-Type", "application/json");
      boolean breakBody = !validInput && (broken.isEmpty() || random.nextBoolean());
      if (breakBody) {
        int how = random.nextInt(10);
        if (how == 0) {
          body = "{\"truncated\": [1, 2".getBytes(StandardCharsets.UTF_8);
          broken.add("body not JSON");
        } else if (how == 1) {
          headers.put("Content-Type", "text/plain");
          body = "amount=1".getBytes(StandardCharsets.UTF_8);
          broken.add("body text/plain");
        } else if (how == 2) {
          body = new byte[0];
          broken.add("empty body");
        } else {
          body = json(invalid(schema));
          broken.add("body from schema, broken");
        }
      } else {
        body = json(valid(schema, 0));
      }
    }
    return new Case(op.method, path + query, headers, body, broken.isEmpty() ? "valid input" : "broken: " + String.join(", ", broken));
  }

  static byte[] json(Object value) {
    try {
      return Traffic.JSON.writeValueAsBytes(value);
    } catch (Exception e) {
      return "null".getBytes(StandardCharsets.UTF_8);
    }
  }

  static String type(Schema<?> s) {
    if (s == null) {
      return null;
    }
    if (s.getType() != null) {
      return s.getType();
    }
    if (s.getTypes() != null) {
      return s.getTypes().stream().filter(t -> !t.equals("null")).findFirst().orElse(null);
    }
    if (s.getProperties() != null) {
      return "object";
    }
    return null;
  }

  /** A value that the schema accepts. */
  Object valid(Schema<?> s, int depth) {
    if (s == null) {
      return "x";
    }
    if (s.getAllOf() != null && !s.getAllOf().isEmpty()) {
      return valid(s.getAllOf().get(0), depth);
    }
    if (s.getOneOf() != null && !s.getOneOf().isEmpty()) {
      return valid(s.getOneOf().get(random.nextInt(s.getOneOf().size())), depth);
    }
    if (s.getEnum() != null && !s.getEnum().isEmpty()) {
      return pick(s.getEnum());
    }
    String type = type(s);
    if (type == null) {
      return "x";
    }
    switch (type) {
      case "integer" -> {
        long min = s.getMinimum() == null ? 0 : s.getMinimum().longValue();
        long max = s.getMaximum() == null ? 1_000 : Math.min(s.getMaximum().longValue(), min + 1_000_000);
        // Mostly small amounts, so that valid debits and consumption mostly succeed.
        return random.nextInt(10) < 8 ? between(min, Math.min(max, min + 5)) : between(min, max);
      }
      case "number" -> {
        double low = s.getMinimum() == null ? 0 : s.getMinimum().doubleValue();
        double high = s.getMaximum() == null ? 1000 : s.getMaximum().doubleValue();
        return low + random.nextDouble() * (high - low);
      }
      case "boolean" -> {
        return random.nextBoolean();
      }
      case "array" -> {
        int max = s.getMaxItems() == null ? 3 : Math.min(3, s.getMaxItems());
        int min = s.getMinItems() == null ? 0 : s.getMinItems();
        int n = min + random.nextInt(Math.max(1, max - min + 1));
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n && depth < 6; i++) {
          list.add(valid(s.getItems(), depth + 1));
        }
        return list;
      }
      case "object" -> {
        Map<String, Object> object = new LinkedHashMap<>();
        if (s.getProperties() != null && depth < 6) {
          List<String> required = s.getRequired() == null ? List.of() : s.getRequired();
          s.getProperties().forEach((name, property) -> {
            if (required.contains(name) || random.nextBoolean()) {
              object.put(name, valid(property, depth + 1));
            }
          });
        }
        return object;
      }
      default -> {
        return string(s);
      }
    }
  }

  Object string(Schema<?> s) {
    String format = s.getFormat() == null ? "" : s.getFormat();
    switch (format) {
      case "date" -> {
        return java.time.LocalDate.now().plusDays(between(1, 3000)).toString();
      }
      case "date-time" -> {
        return java.time.Instant.now().toString();
      }
      case "uuid" -> {
        return java.util.UUID.randomUUID().toString();
      }
      default -> { }
    }
    int min = s.getMinLength() == null ? 1 : Math.max(1, s.getMinLength());
    int max = s.getMaxLength() == null ? 40 : Math.min(s.getMaxLength(), 80);
    if (s.getPattern() != null) {
      // Letters, digits, '_' and '-' satisfy the document's identifier patterns; others are checked.
      for (int i = 0; i < 20; i++) {
        String candidate = text(HEX, Math.max(min, 24), Math.max(max, 24));
        if (candidate.matches(s.getPattern())) {
          return candidate;
        }
      }
    }
    return text(WORD, min, Math.max(min, max));
  }

  /** A value that the schema refuses (or at least stretches): wrong type, out of range, too long, wrong shape. */
  Object invalid(Schema<?> s) {
    String type = type(s);
    int how = random.nextInt(6);
    if (how == 0) {
      return null;
    }
    if (how == 1) {
      // The wrong type, any kind of text, including every Unicode plane.
      return "integer".equals(type) || "number".equals(type) || "boolean".equals(type) || "array".equals(type) || "object".equals(type)
          ? anyText(0, 30)
          : random.nextLong();
    }
    if (s != null && s.getEnum() != null && !s.getEnum().isEmpty()) {
      return anyText(1, 20);
    }
    if (type == null) {
      return anyText(0, 50);
    }
    switch (type) {
      case "integer" -> {
        BigDecimal max = s.getMaximum();
        BigDecimal min = s.getMinimum();
        return pick(List.of(
            max == null ? Long.MAX_VALUE : max.longValue() + 1, min == null ? Long.MIN_VALUE : min.longValue() - 1,
            0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, "1e400", new BigDecimal("123456789012345678901234567890")));
      }
      case "string" -> {
        int max = s.getMaxLength() == null ? 5000 : s.getMaxLength() + 1 + random.nextInt(50);
        int which = random.nextInt(7);
        return which < 3
            ? anyText(Math.min(max, 60_000), Math.min(max, 60_000))
            : which < 6
                ? anyText(0, 40)
                : pick(List.of("", " ", "\u0000", "../../etc/passwd", "' or 1=1 --", "<script>", "%00", "\uD83D\uDE00"));
      }
      case "array" -> {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
          list.add(random.nextBoolean() ? invalid(s.getItems()) : valid(s.getItems(), 1));
        }
        return list;
      }
      case "object" -> {
        Map<String, Object> object = new LinkedHashMap<>();
        if (s.getProperties() != null) {
          List<String> required = s.getRequired() == null ? List.of() : s.getRequired();
          String victim = s.getProperties().keySet().stream().skip(random.nextInt(Math.max(1, s.getProperties().size()))).findFirst().orElse("");
          s.getProperties().forEach((name, property) -> {
            if (name.equals(victim)) {
              if (random.nextBoolean()) {
                object.put(name, invalid(property)); // else: left out, even if required
              }
            } else if (required.contains(name) || random.nextBoolean()) {
              object.put(name, valid(property, 1));
            }
          });
        }
        if (random.nextInt(4) == 0) {
          object.put(text(ALPHA, 8, 8), "unexpected");
        }
        return object;
      }
      default -> {
        return anyText(0, 40);
      }
    }
  }

  private static final String HEX = "abcdef0123456789";
  private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String WORD = ALPHA + "0123456789-_";

  synchronized <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  synchronized long between(long min, long max) {
    return max <= min ? min : min + Math.floorMod(random.nextLong(), max - min + 1);
  }

  synchronized String text(String alphabet, int minLength, int maxLength) {
    int length = (int) between(minLength, maxLength);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** Any text: ASCII, control characters, other planes and lone surrogates (which JSON carries as escapes). */
  synchronized String anyText(int minLength, int maxLength) {
    int length = (int) between(minLength, maxLength);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        text.append((char) (0x20 + random.nextInt(0x5f)));
      } else if (kind < 6) {
        text.append((char) random.nextInt(0x20));
      } else if (kind < 8) {
        text.append((char) (0xa0 + random.nextInt(0xd7ff - 0xa0)));
      } else if (kind < 9 && text.length() + 2 <= length) {
        text.appendCodePoint(0x10000 + random.nextInt(0x10ffff - 0x10000));
      } else {
        text.append((char) (0xd800 + random.nextInt(0x800)));
      }
    }
    return text.toString();
  }

  /** Checks one answer: 5xx, and the document's verdict. */
  void check(Op op, Case c, Http.Response r, String credentials) {
    cases.incrementAndGet();
    covered.add(op.name());
    synchronized (statuses) {
      statuses.merge(r == null ? "no answer" : Integer.toString(r.status()), 1L, Long::sum);
    }
    if (r == null) {
      return;
    }
    if (r.status() >= 500) {
      serverErrors.incrementAndGet();
      findings.putIfAbsent("5xx " + op.name() + " " + r.status() + " (" + credentials + ", " + c.description() + ")",
          c.method() + " " + c.path() + " body " + (c.body() == null ? "" : new String(c.body(), StandardCharsets.UTF_8)
              .substring(0, Math.min(300, c.body().length))) + " -> " + r.text().substring(0, Math.min(300, r.text().length())));
    }
    String path = c.path().contains("?") ? c.path().substring(0, c.path().indexOf('?')) : c.path();
    List<String> problems = validate(op.method, path, c.path(), r);
    if (!problems.isEmpty()) {
      mismatches.incrementAndGet();
      findings.putIfAbsent("mismatch " + op.name() + " " + r.status() + ": " + problems.get(0), c.path() + " -> " + r.text().substring(0, Math.min(200, r.text().length())));
    }
  }

  /** The validator's errors for an answer (empty: it matches the document). */
  List<String> validate(String method, String path, String fullPath, Http.Response r) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(r.status());
    r.headers().forEach(response::withHeader);
    if (r.body().length > 0) {
      response.withBody(r.body());
    }
    ValidationReport report;
    try {
      report = validator.validateResponse(path, Request.Method.valueOf(method), response.build());
    } catch (RuntimeException e) {
      return List.of("validator failed: " + e);
    }
    List<String> errors = new ArrayList<>();
    for (ValidationReport.Message m : report.getMessages()) {
      if (m.getLevel() == ValidationReport.Level.ERROR) {
        errors.add(m.getKey() + ": " + m.getMessage());
      }
    }
    return errors;
  }

  static JsonNode tree(byte[] body) {
    try {
      return Traffic.JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }
}
