package com.threatcommand.deploy.k8s;

import static com.threatcommand.deploy.k8s.Manifests.containers;
import static com.threatcommand.deploy.k8s.Manifests.mainContainer;
import static com.threatcommand.deploy.k8s.Manifests.name;
import static com.threatcommand.deploy.k8s.Manifests.podSpec;
import static com.threatcommand.deploy.k8s.Manifests.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The applications' configuration as the manifests hand it over. */
class ConfigurationTest {

  static List<String> overlays() {
    return Kustomize.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyEnvironmentVariableIsOneOfApiMdsConfigurationTable(String overlay) {
    Manifests m = Kustomize.render(overlay);
    List<String> unknown = new ArrayList<>();
    for (JsonNode deployment : m.deployments()) {
      for (JsonNode container : containers(deployment)) {
        for (String variable : m.environment(container).keySet()) {
          if (!ApiConfiguration.VARIABLES.contains(variable)) {
            unknown.add(name(deployment) + ": " + variable);
          }
        }
      }
    }
    assertEquals(List.of(), unknown, overlay + ": variables missing from API.md's Configuration table");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void variablesComeOnlyFromConfigMapsOfThisRenderOrNamedSecretKeys(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode deployment : m.deployments()) {
      for (JsonNode container : containers(deployment)) {
        for (JsonNode from : container.path("envFrom")) {
          // envFrom a Secret would hide which variables it sets from every check here.
          assertTrue(from.has("configMapRef"), name(deployment) + ": envFrom " + from);
          assertTrue(
              m.find("ConfigMap", from.path("configMapRef").path("name").asText()).isPresent(),
              name(deployment) + ": envFrom a ConfigMap that is not rendered: " + from);
        }
        for (JsonNode var : container.path("env")) {
          JsonNode configMapKey = var.path("valueFrom").path("configMapKeyRef");
          if (!configMapKey.isMissingNode()) {
            JsonNode configMap = m.get("ConfigMap", configMapKey.path("name").asText());
            assertTrue(configMap.path("data").has(configMapKey.path("key").asText()), name(deployment) + ": " + var);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void keyLocationsAreFilesMountedFromTheirSecretOrConfigMap(String overlay) {
    Manifests m = Kustomize.render(overlay);
    List<String> expected =
        List.of(
            "gateway MP_JWT_VERIFY_PUBLICKEY_LOCATION configmap/identity-provider-key",
            "gateway SMALLRYE_JWT_SIGN_KEY_LOCATION secret/gateway-signing-key",
            "subscription-service MP_JWT_VERIFY_PUBLICKEY_LOCATION configmap/gateway-public-key",
            "credentials-service MP_JWT_VERIFY_PUBLICKEY_LOCATION configmap/gateway-public-key");
    List<String> found = new ArrayList<>();
    for (String app : Manifests.APPLICATIONS) {
      JsonNode deployment = m.application(app);
      JsonNode container = mainContainer(deployment);
      for (Map.Entry<String, String> var : m.environment(container).entrySet()) {
        if (!var.getKey().endsWith("_LOCATION")) {
          continue;
        }
        String location = var.getValue();
        assertTrue(location.startsWith("file:/"), app + ": " + var + " must be a mounted file");
        String path = location.substring("file:".length());
        found.add(app + " " + var.getKey() + " " + mountedFrom(deployment, path).orElse("nothing at " + path));
      }
    }
    assertEquals(expected, found, overlay);
  }

  /** "secret/NAME" or "configmap/NAME" whose key is projected at exactly this path. */
  private static Optional<String> mountedFrom(JsonNode deployment, String path) {
    JsonNode container = mainContainer(deployment);
    for (JsonNode mount : container.path("volumeMounts")) {
      String dir = mount.path("mountPath").asText();
      if (!path.startsWith(dir + "/")) {
        continue;
      }
      String file = path.substring(dir.length() + 1);
      JsonNode volume =
          stream(podSpec(deployment).path("volumes"))
              .filter(v -> v.path("name").asText().equals(mount.path("name").asText()))
              .findFirst()
              .orElseThrow();
      JsonNode source = volume.has("secret") ? volume.path("secret") : volume.path("configMap");
      String name = volume.has("secret") ? source.path("secretName").asText() : source.path("name").asText();
      boolean projected = stream(source.path("items")).anyMatch(i -> i.path("path").asText().equals(file));
      if (projected) {
        return Optional.of((volume.has("secret") ? "secret/" : "configmap/") + name);
      }
    }
    return Optional.empty();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void applicationsListenWhereTheirServiceAndProbesSendTraffic(String overlay) {
    Manifests m = Kustomize.render(overlay);
    Map<String, Integer> defaults = Map.of("gateway", 8080, "subscription-service", 8081, "credentials-service", 8082);
    for (String app : Manifests.APPLICATIONS) {
      JsonNode container = mainContainer(m.application(app));
      int port = Integer.parseInt(m.environment(container).getOrDefault("QUARKUS_HTTP_PORT", "-1"));
      assertEquals(defaults.get(app), port, app + ": QUARKUS_HTTP_PORT (API.md's default ports)");
      assertEquals(Optional.of(port), Manifests.containerPort(container, Kustomize.YAML.getNodeFactory().textNode("http")), app + ": port http");
      JsonNode service = m.get("Service", app);
      assertEquals(port, service.path("spec").path("ports").get(0).path("port").asInt(), app + ": Service port");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theGatewayFindsEachServiceThroughItsKubernetesService(String overlay) {
    Manifests m = Kustomize.render(overlay);
    Map<String, String> env = m.environment(mainContainer(m.application("gateway")));
    for (Map.Entry<String, String> upstream :
        Map.of("SUBSCRIPTION_SERVICE_URL", "subscription-service", "CREDENTIALS_SERVICE_URL", "credentials-service").entrySet()) {
      URI url = URI.create(env.get(upstream.getKey()));
      assertEquals(upstream.getValue(), url.getHost(), upstream.getKey());
      JsonNode service = m.get("Service", url.getHost());
      assertTrue(
          stream(service.path("spec").path("ports")).anyMatch(p -> p.path("port").asInt() == url.getPort()),
          upstream.getKey() + " port " + url.getPort() + " is not a port of Service " + url.getHost());
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void servicesVerifyInternalTokensForTheirOwnNameFromTheGatewaysIssuer(String overlay) {
    Manifests m = Kustomize.render(overlay);
    String issuer = m.environment(mainContainer(m.application("gateway"))).get("INTERNAL_TOKEN_ISSUER");
    assertEquals("urn:threatcommand:gateway", issuer);
    for (String service : List.of("subscription-service", "credentials-service")) {
      Map<String, String> env = m.environment(mainContainer(m.application(service)));
      assertEquals(issuer, env.get("MP_JWT_VERIFY_ISSUER"), service);
      assertEquals(service, env.get("MP_JWT_VERIFY_AUDIENCES"), service);
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theSubscriptionServiceMailsSalesThroughARealSmtpServer(String overlay) {
    Manifests m = Kustomize.render(overlay);
    Map<String, String> env = m.environment(mainContainer(m.application("subscription-service")));
    assertEquals("false", env.get("QUARKUS_MAILER_MOCK"));
    for (String required : List.of("QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_FROM", "SALES_EMAIL")) {
      assertTrue(env.containsKey(required), overlay + ": " + required + " unset");
    }
    if (overlay.equals("prod")) {
      assertEquals("REQUIRED", env.get("QUARKUS_MAILER_START_TLS"), "prod mail must be encrypted");
      assertEquals("secret:subscription-smtp/password", env.get("QUARKUS_MAILER_PASSWORD"));
    }
  }
}
