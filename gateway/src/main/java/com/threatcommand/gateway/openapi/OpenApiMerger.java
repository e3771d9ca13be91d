package com.threatcommand.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * errors added ({@link GatewayOperations}), the services' internal security scheme removed.
 */
final class OpenApiMerger {
  private static final Logger LOG = Logger.getLogger(OpenApiMerger.class);
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
          GatewayOperations.secure(operation, route.access(), true);
        }
        if (!paths.has(path)) {
          paths.set(path, item);
        } else {
          LOG.warnf("Path %s is served by two services; keeping the first", path);
        }
      }
    }
    GatewayOperations.add(paths, schemas);
    GatewayOperations.ensureProblemSchema(schemas);
    GatewayOperations.securitySchemes(components);
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
}
