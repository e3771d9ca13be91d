package com.threatcommand.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Every reference to a Secret or a ConfigMap in the rendered objects, wherever it is: env and
 * envFrom, volumes (with their items), Ingress TLS, image pull secrets, and custom resources
 * (CloudNativePG's {@code passwordSecret: {name: ...}} and the like).
 */
final class References {
  /** kind is "secret" or "configmap"; key is null when the whole object is referenced. */
  record Reference(String kind, String name, String key, String where) {}

  private References() {}

  static List<Reference> in(Manifests manifests) {
    List<Reference> found = new ArrayList<>();
    for (JsonNode object : manifests.objects()) {
      String where = object.path("kind").asText() + "/" + Manifests.name(object);
      walk(object, where, found);
    }
    return found;
  }

  private static void walk(JsonNode node, String where, List<Reference> found) {
    if (node.isArray()) {
      node.forEach(child -> walk(child, where, found));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      switch (key) {
        case "secretKeyRef" -> found.add(ref("secret", value, value.path("key").asText(), where));
        case "configMapKeyRef" -> found.add(ref("configmap", value, value.path("key").asText(), where));
        case "secretRef" -> found.add(ref("secret", value, null, where));
        case "configMapRef" -> found.add(ref("configmap", value, null, where));
        case "imagePullSecrets" -> value.forEach(s -> found.add(ref("secret", s, null, where)));
        case "secret" ->
            volume("secret", value, value.path(value.has("secretName") ? "secretName" : "name").asText(), where, found);
        case "configMap" -> volume("configmap", value, value.path("name").asText(), where, found);
        case "secretName" -> {
          if (value.isTextual()) {
            found.add(new Reference("secret", value.asText(), null, where));
          }
        }
        default -> {
          // Custom resources: fooSecret: {name: ...} (CloudNativePG and most operators).
          if (key.endsWith("Secret") && value.isObject() && value.has("name")) {
            found.add(ref("secret", value, null, where));
          }
        }
      }
      if (!key.equals("secret") && !key.equals("configMap")) {
        walk(value, where, found);
      }
    }
  }

  private static void volume(
      String kind, JsonNode volume, String name, String where, List<Reference> found) {
    if (!volume.isObject() || name.isEmpty()) {
      return;
    }
    if (volume.has("items")) {
      volume.path("items").forEach(i -> found.add(new Reference(kind, name, i.path("key").asText(), where)));
    } else {
      found.add(new Reference(kind, name, null, where));
    }
  }

  private static Reference ref(String kind, JsonNode value, String key, String where) {
    return new Reference(kind, value.path("name").asText(), key, where);
  }
}
