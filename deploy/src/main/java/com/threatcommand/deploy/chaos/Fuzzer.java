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
import org.instancio.Instancio;
import org.instancio.generators.ValueSpecs;
import org.instancio.settings.Keys;

/**
 * Scenario 6's schema-driven fuzzer: for every operation of the merged {@code /openapi}, requests
 * whose path, query and header parameters and JSON body are generated from the document's schemas
 * by Instancio's value generators (seeded: one run is one sequence of cases), valid and
 * deliberately broken (wrong types, out of range, too long,
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
  /** Where every value's seed comes from (the run's {@code CHAOS_SEED}). */
  private final Random seeds;
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
    this.seeds = new Random(seed);
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
      boolean breakIt = !validInput && chance(3);
      boolean required = Boolean.TRUE.equals(p.getRequired());
      if (!required && coin() && !breakIt) {
        continue;
      }
      if (breakIt && !p.getIn().equals("path") && chance(3)) {
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
      boolean breakBody = !validInput && (broken.isEmpty() || coin());
      if (breakBody) {
        int how = below(10);
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
      return valid(pick(s.getOneOf()), depth);
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
        return below(10) < 8 ? between(min, Math.min(max, min + 5)) : between(min, max);
      }
      case "number" -> {
        double low = s.getMinimum() == null ? 0 : s.getMinimum().doubleValue();
        double high = s.getMaximum() == null ? 1000 : s.getMaximum().doubleValue();
        return gen().doubles().range(low, high).get();
      }
      case "boolean" -> {
        return coin();
      }
      case "array" -> {
        int max = s.getMaxItems() == null ? 3 : Math.min(3, s.getMaxItems());
        int min = s.getMinItems() == null ? 0 : s.getMinItems();
        int n = (int) between(min, Math.max(min, max));
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
            if (required.contains(name) || coin()) {
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
        return gen().uuid().get().toString();
      }
      default -> { }
    }
    int min = s.getMinLength() == null ? 1 : Math.max(1, s.getMinLength());
    int max = s.getMaxLength() == null ? 40 : Math.min(s.getMaxLength(), 80);
    if (s.getPattern() != null) {
      // Hex digits satisfy the document's identifier patterns (24 hex digits, [A-Za-z0-9_-]);
      // a candidate is checked against the pattern all the same.
      for (int i = 0; i < 20; i++) {
        String candidate = gen().string().hex().lowerCase().length(Math.max(min, 24), Math.max(max, 24)).get();
        if (candidate.matches(s.getPattern())) {
          return candidate;
        }
      }
    }
    return gen().string().alphaNumeric().mixedCase().length(min, Math.max(min, max)).get();
  }

  /** A value that the schema refuses (or at least stretches): wrong type, out of range, too long, wrong shape. */
  Object invalid(Schema<?> s) {
    String type = type(s);
    int how = below(6);
    if (how == 0) {
      return null;
    }
    if (how == 1) {
      // The wrong type, any kind of text, including every Unicode plane.
      return "integer".equals(type) || "number".equals(type) || "boolean".equals(type) || "array".equals(type) || "object".equals(type)
          ? anyText(0, 30)
          : gen().longs().get();
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
        int max = s.getMaxLength() == null ? 5000 : s.getMaxLength() + 1 + below(50);
        int which = below(7);
        return which < 3
            ? anyText(Math.min(max, 60_000), Math.min(max, 60_000))
            : which < 6
                ? anyText(0, 40)
                : pick(List.of("", " ", "\u0000", "../../etc/passwd", "' or 1=1 --", "<script>", "%00", "\uD83D\uDE00"));
      }
      case "array" -> {
        List<Object> list = new ArrayList<>();
        int n = chance(3) ? 0 : (int) between(1, 5);
        for (int i = 0; i < n; i++) {
          list.add(coin() ? invalid(s.getItems()) : valid(s.getItems(), 1));
        }
        return list;
      }
      case "object" -> {
        Map<String, Object> object = new LinkedHashMap<>();
        if (s.getProperties() != null) {
          List<String> required = s.getRequired() == null ? List.of() : s.getRequired();
          String victim = pick(List.copyOf(s.getProperties().keySet()));
          s.getProperties().forEach((name, property) -> {
            if (name.equals(victim)) {
              if (coin()) {
                object.put(name, invalid(property)); // else: left out, even if required
              }
            } else if (required.contains(name) || coin()) {
              object.put(name, valid(property, 1));
            }
          });
        }
        if (chance(4)) {
          object.put(gen().string().mixedCase().length(8).get(), "unexpected");
        }
        return object;
      }
      default -> {
        return anyText(0, 40);
      }
    }
  }

  /**
   * Instancio's value generators, seeded from the run's seed: each value gets a seed of its own
   * from {@link #seeds}, so that one {@code CHAOS_SEED} gives one sequence of cases.
   */
  synchronized ValueSpecs gen() {
    return Instancio.gen().withSetting(Keys.SEED, seeds.nextLong());
  }

  int below(int n) {
    return gen().ints().range(0, n - 1).get();
  }

  boolean coin() {
    return gen().booleans().get();
  }

  /** True one time in {@code n}. */
  boolean chance(int n) {
    return below(n) == 0;
  }

  <T> T pick(List<T> values) {
    return gen().oneOf(values).get();
  }

  long between(long min, long max) {
    return max <= min ? min : gen().longs().range(min, max).get();
  }

  /**
   * Any text: ASCII with its control characters, Latin-1, Cyrillic, CJK, the specials (U+FFFx),
   * emoji (other planes: surrogate pairs) and lone surrogates, which JSON carries as escapes.
   */
  String anyText(int minLength, int maxLength) {
    return gen()
        .string()
        .unicode(ANY_TEXT)
        .length(minLength, Math.max(minLength, maxLength))
        .allowEmpty(minLength == 0)
        .get();
  }

  private static final Character.UnicodeBlock[] ANY_TEXT = {
    Character.UnicodeBlock.BASIC_LATIN,
    Character.UnicodeBlock.BASIC_LATIN,
    Character.UnicodeBlock.LATIN_1_SUPPLEMENT,
    Character.UnicodeBlock.CYRILLIC,
    Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS,
    Character.UnicodeBlock.SPECIALS,
    Character.UnicodeBlock.EMOTICONS,
    Character.UnicodeBlock.HIGH_SURROGATES,
    Character.UnicodeBlock.LOW_SURROGATES,
  };

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
