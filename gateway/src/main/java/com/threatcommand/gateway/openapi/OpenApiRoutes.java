package com.threatcommand.gateway.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.threatcommand.gateway.problem.ProblemWriter;
import com.threatcommand.gateway.web.Exchange;
import com.threatcommand.gateway.web.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /openapi} (JSON, {@code ?format=yaml} for YAML; also at {@code /q/openapi}): the merged
 * public document that {@link OpenApiSources} keeps, with a {@code servers} entry for where it is
 * served, rendered once per document and server.
 */
@Singleton
public class OpenApiRoutes {
  private final OpenApiSources sources;
  private final ProblemWriter problems;
  private final ObjectMapper json;
  private final ObjectMapper yaml;
  private final GatewayConfig.OpenApi config;
  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  OpenApiRoutes(OpenApiSources sources, ProblemWriter problems, ObjectMapper json, GatewayConfig config) {
    this.sources = sources;
    this.problems = problems;
    this.json = json;
    this.yaml =
        new ObjectMapper(
            new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    this.config = config.openapi();
  }

  void install(@Observes Router router) {
    router.route("/openapi").order(-90).handler(this::serve);
    router.route("/q/openapi").order(-90).handler(this::serve);
  }

  /**
   * The document as served at {@code /openapi} to this request (its {@code servers} entry is the
   * URL the request came to, or {@code GATEWAY_OPENAPI_PUBLIC_URL}): the parsed document and its
   * exact JSON and YAML bytes. The same instance is returned until the document or the server
   * changes, so what is built from it (the API guide) can be cached against it. Null while the
   * services' documents have not been fetched yet.
   */
  public Rendered rendered(RoutingContext ctx) {
    ObjectNode document = sources.merged();
    if (document == null) {
      return null;
    }
    String server = config.publicUrl().orElseGet(() -> baseUrl(ctx));
    Rendered current = rendered.get(server);
    if (current == null || current.source() != document) {
      if (rendered.size() > 32) {
        rendered.clear();
      }
      current = render(document, server);
      rendered.put(server, current);
    }
    return current;
  }

  /**
   * What {@code /openapi} serves for one server URL, built from one merged document. Compared by
   * identity: a new instance means a new document (or server).
   */
  public static final class Rendered {
    private final ObjectNode source;
    private final ObjectNode document;
    private final Buffer json;
    private final Buffer yaml;

    Rendered(ObjectNode source, ObjectNode document, Buffer json, Buffer yaml) {
      this.source = source;
      this.document = document;
      this.json = json;
      this.yaml = yaml;
    }

    /** The merged document it was rendered from (without servers). */
    public ObjectNode source() {
      return source;
    }

    /** The document as served, servers included. */
    public ObjectNode document() {
      return document;
    }

    /** The exact bytes of {@code GET /openapi}. */
    public Buffer json() {
      return json;
    }

    /** The exact bytes of {@code GET /openapi?format=yaml}. */
    public Buffer yaml() {
      return yaml;
    }
  }

  private void serve(RoutingContext ctx) {
    Exchange.of(ctx).route = "openapi";
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      problems.end(ctx, 405, "method-not-allowed", "Method not allowed", "This path does not accept " + method.name() + ".");
      return;
    }
    Rendered current = rendered(ctx);
    if (current == null) {
      unavailable(ctx);
      return;
    }
    boolean wantYaml = "yaml".equalsIgnoreCase(ctx.request().getParam("format"));
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, wantYaml ? "application/yaml" : "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(wantYaml ? current.yaml() : current.json());
  }

  /** 503 while the services' documents have not been fetched yet. */
  public void unavailable(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
    problems.end(
        ctx,
        503,
        "upstream-unavailable",
        "Service unavailable",
        "The API description is assembled from the services, which cannot be reached yet.");
  }

  private Rendered render(ObjectNode document, String server) {
    ObjectNode copy = document.deepCopy();
    ObjectNode ordered = json.createObjectNode();
    ordered.set("openapi", copy.get("openapi"));
    ordered.set("info", copy.get("info"));
    ordered.putArray("servers").addObject().put("url", server).put("description", "The gateway");
    copy.fields().forEachRemaining(e -> {
      if (!ordered.has(e.getKey())) {
        ordered.set(e.getKey(), e.getValue());
      }
    });
    try {
      return new Rendered(
          document,
          ordered,
          Buffer.buffer(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(ordered)),
          Buffer.buffer(yaml.writeValueAsBytes(ordered)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String baseUrl(RoutingContext ctx) {
    String scheme = Optional.ofNullable(ctx.request().scheme()).orElse("http");
    String authority =
        ctx.request().authority() != null ? ctx.request().authority().toString() : "localhost:8080";
    return scheme + "://" + authority;
  }

}
