package com.threatcommand.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The objects one overlay renders to, with the look-ups the checks need. */
record Manifests(String overlay, List<JsonNode> objects) {

  /** The three applications; every other Deployment (dev's mail sink) is a helper. */
  static final List<String> APPLICATIONS =
      List.of("gateway", "subscription-service", "credentials-service");

  Stream<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).filter(o -> name.equals(name(o))).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
  }

  List<JsonNode> deployments() {
    return ofKind("Deployment").toList();
  }

  JsonNode application(String name) {
    return get("Deployment", name);
  }

  String namespace() {
    return ofKind("Namespace").map(Manifests::name).findFirst().orElseThrow();
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  static JsonNode podSpec(JsonNode deployment) {
    return deployment.path("spec").path("template").path("spec");
  }

  static List<JsonNode> containers(JsonNode deployment) {
    List<JsonNode> all = new ArrayList<>();
    podSpec(deployment).path("initContainers").forEach(all::add);
    podSpec(deployment).path("containers").forEach(all::add);
    return all;
  }

  static JsonNode mainContainer(JsonNode deployment) {
    return podSpec(deployment).path("containers").get(0);
  }

  static Map<String, String> labels(JsonNode labels) {
    Map<String, String> map = new LinkedHashMap<>();
    labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  static Map<String, String> templateLabels(JsonNode deployment) {
    return labels(deployment.path("spec").path("template").path("metadata").path("labels"));
  }

  static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  /** The container's port number for a name or number, if it declares it. */
  static Optional<Integer> containerPort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return stream(container.path("ports"))
          .map(p -> p.path("containerPort").asInt())
          .filter(p -> p == port.asInt())
          .findFirst();
    }
    return stream(container.path("ports"))
        .filter(p -> port.asText().equals(p.path("name").asText()))
        .map(p -> p.path("containerPort").asInt())
        .findFirst();
  }

  /**
   * The environment a container sees from its manifests: literal values, values from ConfigMaps
   * (key refs and envFrom), and "secret:NAME/KEY" for values from Secrets.
   */
  Map<String, String> environment(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode from : container.path("envFrom")) {
      if (from.has("configMapRef")) {
        JsonNode configMap = get("ConfigMap", from.path("configMapRef").path("name").asText());
        configMap.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      } else {
        env.put("<envFrom " + from + ">", "");
      }
    }
    for (JsonNode var : container.path("env")) {
      String value;
      if (var.has("value")) {
        value = var.path("value").asText();
      } else if (var.path("valueFrom").has("secretKeyRef")) {
        JsonNode ref = var.path("valueFrom").path("secretKeyRef");
        value = "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText();
      } else if (var.path("valueFrom").has("configMapKeyRef")) {
        JsonNode ref = var.path("valueFrom").path("configMapKeyRef");
        value =
            find("ConfigMap", ref.path("name").asText())
                .map(c -> c.path("data").path(ref.path("key").asText()).asText())
                .orElse("configmap:" + ref.path("name").asText() + "/" + ref.path("key").asText());
      } else {
        value = "<" + var.path("valueFrom") + ">";
      }
      env.put(var.path("name").asText(), value);
    }
    return env;
  }

  /** The properties file a Deployment mounts at /deployments/config (Quarkus's config dir). */
  Properties configFile(JsonNode deployment) {
    JsonNode container = mainContainer(deployment);
    String volume =
        stream(container.path("volumeMounts"))
            .filter(m -> "/deployments/config".equals(m.path("mountPath").asText()))
            .map(m -> m.path("name").asText())
            .findFirst()
            .orElseThrow(() -> new AssertionError(name(deployment) + " mounts no /deployments/config"));
    String configMap =
        stream(podSpec(deployment).path("volumes"))
            .filter(v -> volume.equals(v.path("name").asText()))
            .map(v -> v.path("configMap").path("name").asText())
            .findFirst()
            .orElseThrow();
    Properties properties = new Properties();
    try {
      properties.load(
          new StringReader(get("ConfigMap", configMap).path("data").path("application.properties").asText()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return properties;
  }
}
