package com.threatcommand.gateway.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API guide's {@code index.html}: the whole OpenAPI document rendered on the server into one
 * static page that a browser shows offline. No script, no external resource of any kind (its own
 * Content-Security-Policy forbids them); the style is inline. A table of contents by tag, then every
 * operation (method, path, security, parameters, request body, responses with their schemas and
 * examples, problem responses), then every schema.
 */
final class ApiGuideHtml {
  private static final List<String> METHODS =
      List.of("get", "put", "post", "patch", "delete", "head", "options", "trace");
  private static final String PROBLEM_TYPE = "application/problem+json";
  static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

  /** One operation of the document, in the order the guide shows them. */
  record Op(String method, String path, JsonNode operation, JsonNode pathItem, String anchor) {}

  private final JsonNode doc;
  private final Schemas schemas;
  private final ObjectWriter pretty;
  private final Html out = new Html();

  private ApiGuideHtml(JsonNode doc, ObjectMapper json) {
    this.doc = doc;
    this.schemas = new Schemas(doc);
    this.pretty = json.writerWithDefaultPrettyPrinter();
  }

  static String render(JsonNode document, ObjectMapper json) {
    return new ApiGuideHtml(document, json).page();
  }

  private String page() {
    Map<String, List<Op>> byTag = operationsByTag();
    JsonNode info = doc.path("info");
    String title = info.path("title").asText("API");
    out.raw("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n")
        .raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .raw("<title>").text(title + " - API guide").raw("</title>\n<style>\n")
        .raw(ApiGuideStyle.CSS)
        .raw("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n")
        .raw("<div class=\"layout\">\n");
    contents(byTag);
    out.raw("<main id=\"main\">\n");
    overview(info, title);
    authentication();
    errors();
    for (Map.Entry<String, List<Op>> tag : byTag.entrySet()) {
      out.raw("<section class=\"tag\" id=\"" + Html.id("tag-", tag.getKey()) + "\">\n<h2>")
          .text(tag.getKey())
          .raw("</h2>\n");
      out.prose(tagDescription(tag.getKey()));
      for (Op op : tag.getValue()) {
        operation(op);
      }
      out.raw("</section>\n");
    }
    schemasSection();
    out.raw("<footer><p>Generated from <a href=\"openapi.json\">openapi.json</a> (also as ")
        .raw("<a href=\"openapi.yaml\">openapi.yaml</a>), which is in this ZIP beside this page.</p></footer>\n")
        .raw("</main>\n</div>\n</body>\n</html>\n");
    return out.toString();
  }

  // --- structure -------------------------------------------------------------------------------

  private Map<String, List<Op>> operationsByTag() {
    Map<String, List<Op>> byTag = new LinkedHashMap<>();
    for (JsonNode tag : doc.path("tags")) {
      byTag.put(tag.path("name").asText(), new ArrayList<>());
    }
    Set<String> anchors = new HashSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : METHODS) {
        JsonNode operation = path.getValue().get(method);
        if (operation == null || !operation.isObject()) {
          continue;
        }
        String id = operation.path("operationId").asText(method + path.getKey());
        String anchor = Html.id("op-", id);
        while (!anchors.add(anchor)) {
          anchor = anchor + "_";
        }
        String tag = operation.path("tags").path(0).asText("Other");
        byTag.computeIfAbsent(tag, t -> new ArrayList<>())
            .add(new Op(method, path.getKey(), operation, path.getValue(), anchor));
      }
    }
    byTag.values().removeIf(List::isEmpty);
    return byTag;
  }

  private String tagDescription(String name) {
    for (JsonNode tag : doc.path("tags")) {
      if (name.equals(tag.path("name").asText())) {
        return tag.path("description").asText(null);
      }
    }
    return null;
  }

  private void contents(Map<String, List<Op>> byTag) {
    out.raw("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n")
        .raw("<li><a href=\"#overview\">Overview</a></li>\n")
        .raw("<li><a href=\"#authentication\">Authentication</a></li>\n")
        .raw("<li><a href=\"#errors\">Errors</a></li>\n");
    for (Map.Entry<String, List<Op>> tag : byTag.entrySet()) {
      out.raw("<li><a href=\"#" + Html.id("tag-", tag.getKey()) + "\">").text(tag.getKey()).raw("</a>\n<ol>\n");
      for (Op op : tag.getValue()) {
        out.raw("<li><a href=\"#" + op.anchor() + "\">")
            .raw(methodBadge(op.method()))
            .raw(" <span class=\"path\">")
            .raw(breakable(op.path()))
            .raw("</span></a></li>\n");
      }
      out.raw("</ol></li>\n");
    }
    out.raw("<li><a href=\"#schemas\">Schemas</a></li>\n</ol>\n</nav>\n");
  }

  private void overview(JsonNode info, String title) {
    out.raw("<header id=\"overview\">\n<h1>").text(title).raw("</h1>\n<p class=\"muted\">Version ")
        .text(info.path("version").asText("?"))
        .raw(" &middot; OpenAPI ")
        .text(doc.path("openapi").asText("?"))
        .raw("</p>\n");
    out.prose(info.path("description").asText(null));
    JsonNode servers = doc.path("servers");
    if (servers.isArray() && !servers.isEmpty()) {
      out.raw("<h3>Servers</h3>\n<ul>\n");
      for (JsonNode server : servers) {
        out.raw("<li><code>").text(server.path("url").asText()).raw("</code>");
        if (server.hasNonNull("description")) {
          out.raw(" &ndash; ").text(server.get("description").asText());
        }
        out.raw("</li>\n");
      }
      out.raw("</ul>\n");
    }
    out.raw("<p>The machine-readable description is beside this page: <a href=\"openapi.json\">openapi.json</a>")
        .raw(" and <a href=\"openapi.yaml\">openapi.yaml</a>. Give either to a client generator.</p>\n")
        .raw("</header>\n");
  }

  private void authentication() {
    out.raw("<section id=\"authentication\">\n<h2>Authentication</h2>\n");
    JsonNode schemes = doc.path("components").path("securitySchemes");
    if (!schemes.isObject() || schemes.isEmpty()) {
      out.raw("<p>This API declares no security schemes.</p>\n</section>\n");
      return;
    }
    out.raw("<table>\n<thead><tr><th scope=\"col\">Scheme</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n");
    Iterator<Map.Entry<String, JsonNode>> it = schemes.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> scheme = it.next();
      out.raw("<tr id=\"" + Html.id("security-", scheme.getKey()) + "\"><td><code>")
          .text(scheme.getKey())
          .raw("</code></td><td>")
          .text(schemeType(scheme.getValue()))
          .raw("</td><td>");
      out.prose(scheme.getValue().path("description").asText(null));
      out.raw("</td></tr>\n");
    }
    out.raw("</tbody>\n</table>\n</section>\n");
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

  private void errors() {
    out.raw("<section id=\"errors\">\n<h2>Errors</h2>\n")
        .raw("<p>Every error is an RFC 9457 problem, with media type <code>application/problem+json</code>:")
        .raw(" <code>type</code> (a URI naming the problem), <code>title</code>, <code>status</code>,")
        .raw(" <code>detail</code> (for a person to read), <code>instance</code> (the request path) and")
        .raw(" <code>requestId</code> (quote it to support; every response also carries it in the")
        .raw(" <code>X-Request-Id</code> header). Validation errors add <code>errors</code>, one entry per")
        .raw(" field.");
    if (doc.path("components").path("schemas").has("Problem")) {
      out.raw(" See the <a href=\"#" + Html.id("schema-", "Problem") + "\">Problem</a> schema.");
    }
    out.raw("</p>\n</section>\n");
  }

  // --- an operation ------------------------------------------------------------------------------

  private void operation(Op op) {
    JsonNode o = op.operation();
    out.raw("<article class=\"op\" id=\"" + op.anchor() + "\">\n<h3>")
        .raw(methodBadge(op.method()))
        .raw(" <span class=\"path\">")
        .text(op.path())
        .raw("</span></h3>\n");
    if (o.hasNonNull("summary")) {
      out.raw("<p class=\"summary\">").text(o.get("summary").asText()).raw("</p>\n");
    }
    if (o.path("deprecated").asBoolean(false)) {
      out.raw("<p class=\"warn\">Deprecated.</p>\n");
    }
    out.prose(o.path("description").asText(null));
    out.raw("<dl class=\"meta\">\n");
    if (o.hasNonNull("operationId")) {
      out.raw("<dt>Operation ID</dt><dd><code>").text(o.get("operationId").asText()).raw("</code></dd>\n");
    }
    out.raw("<dt>Security</dt><dd>").raw(security(o)).raw("</dd>\n</dl>\n");
    parameters(op);
    requestBody(o.path("requestBody"));
    responses(o.path("responses"));
    out.raw("</article>\n");
  }

  private String security(JsonNode operation) {
    JsonNode requirements = operation.has("security") ? operation.get("security") : doc.path("security");
    if (!requirements.isArray() || requirements.isEmpty()) {
      return "None: no credential needed";
    }
    List<String> alternatives = new ArrayList<>();
    for (JsonNode requirement : requirements) {
      List<String> names = new ArrayList<>();
      requirement.fieldNames().forEachRemaining(
          name -> names.add("<a href=\"#" + Html.id("security-", name) + "\"><code>" + Html.esc(name) + "</code></a>"));
      alternatives.add(names.isEmpty() ? "none" : String.join(" and ", names));
    }
    return String.join(" or ", alternatives);
  }

  private void parameters(Op op) {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    for (JsonNode source : List.of(op.pathItem().path("parameters"), op.operation().path("parameters"))) {
      for (JsonNode p : source) {
        JsonNode param = schemasParameter(p);
        params.put(param.path("in").asText() + ":" + param.path("name").asText(), param);
      }
    }
    if (params.isEmpty()) {
      return;
    }
    out.raw("<h4>Parameters</h4>\n<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th>")
        .raw("<th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n");
    for (JsonNode p : params.values()) {
      JsonNode schema = p.path("schema");
      boolean required = p.path("required").asBoolean(false);
      out.raw("<tr><td><code>").text(p.path("name").asText()).raw("</code>")
          .raw(required ? " <span class=\"req\">required</span>" : "")
          .raw("</td><td>").text(p.path("in").asText()).raw("</td><td>")
          .raw(schema.isMissingNode() ? "any" : schemas.typeHtml(schema))
          .raw("</td><td>");
      out.prose(p.path("description").asText(null));
      constraintsAndExample(schema.isMissingNode() ? p : schema, p);
      out.raw("</td></tr>\n");
    }
    out.raw("</tbody>\n</table>\n");
  }

  /** A parameter given as a {@code $ref} to components.parameters. */
  private JsonNode schemasParameter(JsonNode p) {
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

  private void constraintsAndExample(JsonNode schema, JsonNode owner) {
    List<String> notes = Schemas.constraints(schemas.resolve(schema));
    if (!notes.isEmpty()) {
      out.raw("<p class=\"muted\">").text(String.join(" · ", notes)).raw("</p>");
    }
    JsonNode example = owner.has("example") ? owner.get("example") : null;
    if (example == null) {
      JsonNode own = schema.path("examples");
      example = schema.has("example") ? schema.get("example") : (own.isArray() && !own.isEmpty() ? own.get(0) : null);
    }
    if (example != null) {
      out.raw("<p class=\"muted\">Example: <code>").text(Schemas.scalar(example)).raw("</code></p>");
    }
  }

  private void requestBody(JsonNode body) {
    if (body.isMissingNode() || !body.isObject()) {
      return;
    }
    out.raw("<h4>Request body ")
        .raw(body.path("required").asBoolean(false) ? "<span class=\"req\">required</span>" : "<span class=\"muted\">optional</span>")
        .raw("</h4>\n");
    out.prose(body.path("description").asText(null));
    content(body.path("content"));
  }

  private void responses(JsonNode responses) {
    if (!responses.isObject() || responses.isEmpty()) {
      return;
    }
    List<Map.Entry<String, JsonNode>> regular = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> problems = new ArrayList<>();
    responses.fields().forEachRemaining(r -> (isProblem(r.getKey(), r.getValue()) ? problems : regular).add(r));
    problems.sort(Map.Entry.comparingByKey());
    if (!regular.isEmpty()) {
      out.raw("<h4>Responses</h4>\n");
      for (Map.Entry<String, JsonNode> r : regular) {
        out.raw("<div class=\"response\">\n<h5>").raw(statusBadge(r.getKey())).raw(" ")
            .text(r.getValue().path("description").asText(""))
            .raw("</h5>\n");
        headers(r.getValue().path("headers"));
        content(r.getValue().path("content"));
        out.raw("</div>\n");
      }
    }
    if (!problems.isEmpty()) {
      out.raw("<h4>Problem responses</h4>\n<table class=\"problems\">\n<thead><tr><th scope=\"col\">Status</th>")
          .raw("<th scope=\"col\">When</th></tr></thead>\n<tbody>\n");
      for (Map.Entry<String, JsonNode> r : problems) {
        out.raw("<tr><td>").raw(statusBadge(r.getKey())).raw("</td><td>")
            .text(r.getValue().path("description").asText(""));
        problemExamples(r.getValue().path("content"));
        out.raw("</td></tr>\n");
      }
      out.raw("</tbody>\n</table>\n");
    }
  }

  private static boolean isProblem(String status, JsonNode response) {
    return response.path("content").has(PROBLEM_TYPE) || status.startsWith("4") || status.startsWith("5");
  }

  private void problemExamples(JsonNode content) {
    Map<String, JsonNode> examples = new LinkedHashMap<>();
    content.fields().forEachRemaining(media -> examples.putAll(mediaExamples(media.getValue(), false)));
    if (examples.isEmpty()) {
      return;
    }
    out.raw("<details><summary>Example").raw(examples.size() > 1 ? "s" : "").raw("</summary>\n");
    for (Map.Entry<String, JsonNode> example : examples.entrySet()) {
      if (examples.size() > 1) {
        out.raw("<p class=\"muted\">").text(example.getKey()).raw("</p>\n");
      }
      out.raw("<pre><code>").text(json(example.getValue())).raw("</code></pre>\n");
    }
    out.raw("</details>");
  }

  private void headers(JsonNode headers) {
    if (!headers.isObject() || headers.isEmpty()) {
      return;
    }
    out.raw("<table class=\"headers\">\n<thead><tr><th scope=\"col\">Header</th><th scope=\"col\">Type</th>")
        .raw("<th scope=\"col\">Description</th></tr></thead>\n<tbody>\n");
    headers.fields().forEachRemaining(h -> {
      JsonNode schema = h.getValue().path("schema");
      out.raw("<tr><td><code>").text(h.getKey()).raw("</code></td><td>")
          .raw(schema.isMissingNode() ? "string" : schemas.typeHtml(schema))
          .raw("</td><td>");
      out.prose(h.getValue().path("description").asText(null));
      out.raw("</td></tr>\n");
    });
    out.raw("</tbody>\n</table>\n");
  }

  private void content(JsonNode content) {
    if (!content.isObject()) {
      return;
    }
    content.fields().forEachRemaining(media -> {
      JsonNode schema = media.getValue().path("schema");
      out.raw("<div class=\"media\"><p><code>").text(media.getKey()).raw("</code>");
      if (!schema.isMissingNode()) {
        out.raw(": ").raw(schemas.typeHtml(schema));
      }
      out.raw("</p>\n");
      if (!schema.isMissingNode() && Schemas.refName(schema) == null && schemas.hasProperties(schema)) {
        propertyTable(schema);
      }
      if (media.getKey().contains("json")) {
        Map<String, JsonNode> examples = mediaExamples(media.getValue(), true);
        for (Map.Entry<String, JsonNode> example : examples.entrySet()) {
          out.raw("<p class=\"muted\">").text(example.getKey()).raw("</p>\n<pre><code>")
              .text(json(example.getValue()))
              .raw("</code></pre>\n");
        }
      }
      out.raw("</div>\n");
    });
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

  // --- schemas -----------------------------------------------------------------------------------

  private void schemasSection() {
    out.raw("<section id=\"schemas\">\n<h2>Schemas</h2>\n");
    Iterator<Map.Entry<String, JsonNode>> it = doc.path("components").path("schemas").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode schema = entry.getValue();
      out.raw("<article class=\"schema\" id=\"" + Html.id("schema-", entry.getKey()) + "\">\n<h3>")
          .text(entry.getKey())
          .raw("</h3>\n<p>Type: ")
          .raw(schemas.typeHtml(schema))
          .raw("</p>\n");
      out.prose(schema.path("description").asText(null));
      if (schemas.hasProperties(schema)) {
        propertyTable(schema);
      } else {
        List<String> notes = Schemas.constraints(schema);
        if (!notes.isEmpty()) {
          out.raw("<p class=\"muted\">").text(String.join(" · ", notes)).raw("</p>\n");
        }
      }
      JsonNode example = schemas.example(schema);
      if (example != null) {
        out.raw("<pre><code>").text(json(example)).raw("</code></pre>\n");
      }
      out.raw("</article>\n");
    }
    out.raw("</section>\n");
  }

  private void propertyTable(JsonNode schema) {
    List<Schemas.Property> properties = schemas.properties(schema);
    if (properties.isEmpty()) {
      return;
    }
    out.raw("<table class=\"props\">\n<thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Type</th>")
        .raw("<th scope=\"col\">Description</th></tr></thead>\n<tbody>\n");
    for (Schemas.Property p : properties) {
      out.raw("<tr><td><code>").text(p.name()).raw("</code>")
          .raw(p.required() ? " <span class=\"req\">required</span>" : "")
          .raw("</td><td>").raw(schemas.typeHtml(p.schema())).raw("</td><td>");
      out.prose(p.schema().path("description").asText(null));
      constraintsAndExample(p.schema(), p.schema());
      out.raw("</td></tr>\n");
    }
    out.raw("</tbody>\n</table>\n");
  }

  // --- small pieces ------------------------------------------------------------------------------

  /** A path that may wrap after each slash (each segment escaped). */
  private static String breakable(String path) {
    StringBuilder b = new StringBuilder();
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        b.append("/<wbr>");
      }
      b.append(Html.esc(segments[i]));
    }
    return b.toString();
  }

  private static String methodBadge(String method) {
    return "<span class=\"method m-" + method + "\">" + method.toUpperCase(java.util.Locale.ROOT) + "</span>";
  }

  private static String statusBadge(String status) {
    char family = status.isEmpty() ? 'x' : status.charAt(0);
    String css = family >= '1' && family <= '5' ? "s" + family : "sx";
    return "<span class=\"status " + css + "\">" + Html.esc(status) + "</span>";
  }

  private String json(JsonNode node) {
    try {
      return pretty.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return node.toString();
    }
  }
}
