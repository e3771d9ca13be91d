package com.threatcommand.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.threatcommand.gateway.routing.Access;
import com.threatcommand.gateway.routing.Route;
import com.threatcommand.gateway.routing.RouteTable;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Builds the one public document from the services' own: only the paths the gateway exposes
 * (never /internal), each operation secured as the route table says ({@code bearerAuth}: the
 * identity provider's JWT; {@code basicAuth}: accountId:key), the gateway's own operations and
 * errors added, the services' internal security scheme removed.
 */
final class OpenApiMerger {
  private static final Logger LOG = Logger.getLogger(OpenApiMerger.class);
  private static final String PROBLEM_REF = "#/components/schemas/Problem";
  private static final String PROBLEM_TYPE = "application/problem+json";
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final ObjectMapper json;

  OpenApiMerger(ObjectMapper json) {
    this.json = json;
  }

  /** The merged document (without servers: those depend on where it is served). */
  ObjectNode merge(Map<String, JsonNode> services) {
    ObjectNode root = json.createObjectNode();
    String version = "3.0.3";
    for (JsonNode doc : services.values()) {
      if (doc.hasNonNull("openapi")) {
        version = doc.get("openapi").asText();
        break;
      }
    }
    root.put("openapi", version);
    ObjectNode info = root.putObject("info");
    info.put("title", "Threat Command Subscription API");
    info.put("version", "1.0.0");
    info.put(
        "description",
        "The public surface of Threat Command's Settings > Subscription backend, as served by the"
            + " gateway. Administrators and the back office call /api/v1 with a Bearer JWT from the"
            + " identity provider; integrators call /public/v1 with Basic accountId:apiKey; the"
            + " virtual appliance calls /appliance/v1 with Basic accountId:applianceKey. Every"
            + " error is application/problem+json (RFC 9457).");
    ObjectNode paths = root.putObject("paths");
    ObjectNode components = root.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    ArrayNode tags = json.createArrayNode();
    Set<String> tagNames = new HashSet<>();
    Set<String> operationIds = new HashSet<>();

    for (Map.Entry<String, JsonNode> service : services.entrySet()) {
      JsonNode doc = service.getValue();
      copyComponents(doc.path("components"), components);
      for (JsonNode tag : doc.path("tags")) {
        if (tag.hasNonNull("name") && tagNames.add(tag.get("name").asText())) {
          tags.add(tag);
        }
      }
      Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> entry = it.next();
        String path = entry.getKey();
        Route route = RouteTable.match(templateFree(path));
        if (route == null || route == RouteTable.NOT_FOUND || route.access() == null) {
          continue; // /internal, /q and anything else the gateway does not expose
        }
        ObjectNode item = ((ObjectNode) entry.getValue()).deepCopy();
        for (String method : METHODS) {
          if (!item.has(method)) {
            continue;
          }
          if (route.methods() != null
              && route.methods().stream().noneMatch(m -> m.name().equalsIgnoreCase(method))) {
            item.remove(method);
            continue;
          }
          ObjectNode operation = (ObjectNode) item.get(method);
          String id = operation.path("operationId").asText(null);
          if (id != null && !operationIds.add(id)) {
            String renamed = service.getKey().replace("-service", "") + "_" + id;
            operation.put("operationId", renamed);
            operationIds.add(renamed);
          }
          secure(operation, route.access(), true);
        }
        if (!paths.has(path)) {
          paths.set(path, item);
        } else {
          LOG.warnf("Path %s is served by two services; keeping the first", path);
        }
      }
    }
    gatewayOperations(paths, schemas);
    ensureProblemSchema(schemas);
    ObjectNode schemes = components.putObject("securitySchemes");
    ObjectNode bearer = schemes.putObject("bearerAuth");
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "JWT");
    bearer.put(
        "description",
        "A JWT from the company identity provider: groups must contain admin (for /api/v1/subscription"
            + " and /api/v1/credentials; the token's account_id is the tenant) or provisioner (for"
            + " /api/v1/provisioning).");
    ObjectNode basic = schemes.putObject("basicAuth");
    basic.put("type", "http");
    basic.put("scheme", "basic");
    basic.put(
        "description",
        "accountId:apiKey on /public/v1, accountId:applianceKey on /appliance/v1. Repeated failures"
            + " from one client are answered with 429 and Retry-After.");
    // only the tags some remaining operation uses (the services' internal tags go)
    Set<String> used = new HashSet<>();
    paths.forEach(
        item ->
            item.forEach(
                operation -> operation.path("tags").forEach(tag -> used.add(tag.asText()))));
    ArrayNode kept = json.createArrayNode();
    tags.forEach(tag -> {
      if (used.contains(tag.path("name").asText())) {
        kept.add(tag);
      }
    });
    if (!kept.isEmpty()) {
      root.set("tags", kept);
    }
    pruneUnreferencedComponents(root);
    return root;
  }

  /**
   * Drops the components no exposed operation reaches (directly or through other components): the
   * services also describe their /internal endpoints, whose schemas are not part of the public API.
   */
  static void pruneUnreferencedComponents(ObjectNode root) {
    JsonNode components = root.path("components");
    if (!components.isObject()) {
      return;
    }
    Set<String> reached = new HashSet<>();
    java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
    pending.add(root.path("paths"));
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isObject()) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/")) {
          String[] parts = ref.asText().substring("#/components/".length()).split("/", 2);
          if (parts.length == 2 && reached.add(parts[0] + "/" + parts[1])) {
            pending.add(components.path(parts[0]).path(parts[1]));
          }
        }
      }
      node.forEach(pending::add);
    }
    Iterator<Map.Entry<String, JsonNode>> sections = components.fields();
    while (sections.hasNext()) {
      Map.Entry<String, JsonNode> section = sections.next();
      if ("securitySchemes".equals(section.getKey()) || !section.getValue().isObject()) {
        continue;
      }
      List<String> kept = new java.util.ArrayList<>();
      section.getValue().fieldNames().forEachRemaining(name -> {
        if (reached.contains(section.getKey() + "/" + name)) {
          kept.add(name);
        }
      });
      ((ObjectNode) section.getValue()).retain(kept);
    }
  }

  /** {@code /api/v1/provisioning/accounts/{accountId}/x} matched as if it were a concrete path. */
  private static String templateFree(String path) {
    return path.replace("{", "x").replace("}", "x");
  }

  private static void copyComponents(JsonNode from, ObjectNode into) {
    Iterator<Map.Entry<String, JsonNode>> sections = from.fields();
    while (sections.hasNext()) {
      Map.Entry<String, JsonNode> section = sections.next();
      if ("securitySchemes".equals(section.getKey()) || !section.getValue().isObject()) {
        continue;
      }
      ObjectNode target =
          into.has(section.getKey())
              ? (ObjectNode) into.get(section.getKey())
              : into.putObject(section.getKey());
      Iterator<Map.Entry<String, JsonNode>> members = section.getValue().fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        JsonNode existing = target.get(member.getKey());
        if (existing == null) {
          target.set(member.getKey(), member.getValue().deepCopy());
        } else if (!withoutExamples(existing).equals(withoutExamples(member.getValue()))) {
          LOG.warnf(
              "components.%s.%s differs between services; keeping the first",
              section.getKey(),
              member.getKey());
        }
      }
    }
  }

  /** The node without examples and descriptions: services may illustrate one schema differently. */
  private static JsonNode withoutExamples(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).deepCopy();
      copy.remove(List.of("example", "examples", "description"));
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (copy.has(field.getKey())) {
          copy.set(field.getKey(), withoutExamples(field.getValue()));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).arrayNode();
      node.forEach(element -> copy.add(withoutExamples(element)));
      return copy;
    }
    return node;
  }

  /** Security as the route table says, and the problems the gateway itself can answer with. */
  private void secure(ObjectNode operation, Access access, boolean proxied) {
    ArrayNode security = operation.putArray("security");
    security.addObject().putArray(access.bearer() ? "bearerAuth" : "basicAuth");
    ObjectNode responses =
        operation.has("responses") && operation.get("responses").isObject()
            ? (ObjectNode) operation.get("responses")
            : operation.putObject("responses");
    problem(responses, "401", "unauthenticated: the credential is missing or invalid (see WWW-Authenticate)");
    if (access.bearer()) {
      problem(responses, "403", "forbidden: the token does not carry the group this operation needs");
    } else {
      problem(responses, "429", "rate-limited: too many failed logins from this client (see Retry-After)");
    }
    if (operation.has("requestBody")) {
      problem(responses, "413", "payload-too-large: the body exceeds 64 KiB");
      if (proxied) {
        problem(responses, "408", "request-timeout: the body did not arrive in full within the gateway's body timeout (20 s)");
      }
    }
    // Refused by the HTTP layer before any route runs (Quarkus offers no hook there): the status
    // alone, no body, and the connection is closed.
    bare(responses, "414", "The URL is longer than 4 KiB (no body; the connection is closed)");
    bare(responses, "431", "The request headers exceed 20 KiB (no body; the connection is closed)");
    if (proxied) {
      problem(responses, "502", "bad-gateway: the service behind the gateway answered badly");
      problem(responses, "503", "upstream-unavailable: the service behind the gateway cannot be reached");
      problem(responses, "504", "upstream-timeout: the service behind the gateway did not answer in time");
    } else if (!access.bearer()) {
      problem(responses, "503", "upstream-unavailable: keys cannot be verified right now");
    }
  }

  private static void bare(ObjectNode responses, String code, String description) {
    if (!responses.has(code)) {
      responses.putObject(code).put("description", description);
    }
  }

  private void problem(ObjectNode responses, String code, String description) {
    if (responses.has(code)) {
      return;
    }
    ObjectNode response = responses.putObject(code);
    response.put("description", description);
    response
        .putObject("content")
        .putObject(PROBLEM_TYPE)
        .putObject("schema")
        .put("$ref", PROBLEM_REF);
  }

  private void gatewayOperations(ObjectNode paths, ObjectNode schemas) {
    ObjectNode publicTest = paths.putObject("/public/v1/test-credentials");
    testCredentials(publicTest, Access.API_KEY, "testApiCredentials", "Public API", "accountId:apiKey");
    ObjectNode applianceTest = paths.putObject("/appliance/v1/test-credentials");
    testCredentials(
        applianceTest, Access.APPLIANCE_KEY, "testApplianceCredentials", "Appliance", "accountId:applianceKey");

    ObjectNode identitySchema = schemas.putObject("ApplianceIdentity");
    identitySchema.put("type", "object");
    identitySchema.putArray("required").add("accountId").add("keyId");
    ObjectNode properties = identitySchema.putObject("properties");
    properties.putObject("accountId").put("type", "string").put("example", "5f1e2d3c4b5a697887766554");
    properties.putObject("keyId").put("type", "string").put("format", "uuid");

    ObjectNode identity = paths.putObject("/appliance/v1/identity").putObject("get");
    identity.put("operationId", "getApplianceIdentity");
    identity.put("summary", "Which account and key the appliance is connected as");
    identity.putArray("tags").add("Appliance");
    ObjectNode ok = identity.putObject("responses").putObject("200");
    ok.put("description", "The account and the appliance key's ID");
    ok.putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/ApplianceIdentity");
    secure(identity, Access.APPLIANCE_KEY, false);

    apiGuide(paths.putObject(RouteTable.API_GUIDE_PATH).putObject("get"));
  }

  /** The API guide download, answered by the gateway itself (documents.ApiGuide). */
  private void apiGuide(ObjectNode operation) {
    String file = "threat-command-api-guide.zip";
    operation.put("operationId", "getApiGuide");
    operation.put("summary", "The API guide: this document as a web page to read offline, in a ZIP");
    operation.put(
        "description",
        "A ZIP with index.html (every operation and schema of this API as one static page that a"
            + " browser shows offline: no script, nothing fetched), openapi.json (byte for byte what"
            + " GET /openapi serves at the same address) and openapi.yaml. Built by the gateway from"
            + " the document it serves. Conditional requests: send the ETag of a copy you have as"
            + " If-None-Match to get 304 without a body while it is still current.");
    operation.putArray("tags").add("Documents");
    ObjectNode responses = operation.putObject("responses");
    ObjectNode ok = responses.putObject("200");
    ok.put("description", "The API guide, as an attachment named " + file);
    ObjectNode headers = ok.putObject("headers");
    header(headers, "Content-Disposition", "attachment; filename=\"" + file + "\"");
    header(headers, "ETag", "Strong entity tag of this version of the guide.");
    header(headers, "Cache-Control", "private, max-age=3600");
    ok.putObject("content")
        .putObject("application/zip")
        .putObject("schema")
        .put("type", "string")
        .put("format", "binary");
    ObjectNode notModified = responses.putObject("304");
    notModified.put("description", "Not modified: If-None-Match names the current ETag; no body");
    ObjectNode notModifiedHeaders = notModified.putObject("headers");
    header(notModifiedHeaders, "ETag", "The current entity tag.");
    header(notModifiedHeaders, "Cache-Control", "private, max-age=3600");
    secure(operation, Access.ADMIN, false);
    problem(responses, "503", "upstream-unavailable: the services' documents have not been fetched yet (see Retry-After)");
  }

  private static void header(ObjectNode headers, String name, String description) {
    ObjectNode header = headers.putObject(name);
    header.put("description", description);
    header.putObject("schema").put("type", "string");
  }

  private void testCredentials(
      ObjectNode item, Access access, String operationId, String tag, String credential) {
    for (String method : List.of("get", "head")) {
      ObjectNode operation = item.putObject(method);
      operation.put(
          "operationId", method.equals("get") ? operationId : operationId + "Head");
      operation.put("summary", "Check " + credential + " (200 if valid, else 401)");
      operation.putArray("tags").add(tag);
      operation.putObject("responses").putObject("200").put("description", "The credentials are valid");
      secure(operation, access, false);
      if (method.equals("head")) {
        // An answer to HEAD has no body: the same statuses, without their content.
        operation.get("responses").forEach(response -> ((ObjectNode) response).remove("content"));
      }
    }
  }

  private void ensureProblemSchema(ObjectNode schemas) {
    if (schemas.has("Problem")) {
      return;
    }
    ObjectNode problem = schemas.putObject("Problem");
    problem.put("type", "object");
    problem.put("description", "RFC 9457 problem details (application/problem+json).");
    ObjectNode properties = problem.putObject("properties");
    for (String name : List.of("type", "title", "detail", "instance", "requestId")) {
      properties.putObject(name).put("type", "string");
    }
    properties.putObject("status").put("type", "integer").put("format", "int32");
    ObjectNode errors = properties.putObject("errors");
    errors.put("type", "array");
    ObjectNode item = errors.putObject("items");
    item.put("type", "object");
    item.putObject("properties").putObject("field").put("type", "string");
    ((ObjectNode) item.get("properties")).putObject("message").put("type", "string");
  }

}
