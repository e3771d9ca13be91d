package com.threatcommand.deploy.k8s;

import static com.threatcommand.deploy.k8s.Manifests.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The only way in from outside is the Ingress, and it leads only to the gateway's public paths. */
class IngressTest {

  static List<String> overlays() {
    return Kustomize.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theIngressTargetsOnlyTheGateway(String overlay) {
    Manifests m = Kustomize.render(overlay);
    List<JsonNode> ingresses = m.ofKind("Ingress").toList();
    assertEquals(1, ingresses.size(), overlay + " has " + ingresses.size() + " Ingresses");
    JsonNode spec = ingresses.get(0).path("spec");
    assertTrue(spec.path("defaultBackend").isMissingNode(), "a default backend would expose more than the routes");
    Set<String> backends = new TreeSet<>();
    for (JsonNode rule : spec.path("rules")) {
      for (JsonNode path : rule.path("http").path("paths")) {
        JsonNode service = path.path("backend").path("service");
        backends.add(service.path("name").asText() + ":" + service.path("port").path("name").asText(service.path("port").path("number").asText()));
      }
    }
    assertEquals(Set.of("gateway:http"), backends, overlay);
    JsonNode gatewayService = m.get("Service", "gateway");
    assertTrue(Manifests.stream(gatewayService.path("spec").path("ports")).anyMatch(p -> p.path("name").asText().equals("http")));
    // No other way in either: every Service stays inside the cluster.
    for (JsonNode service : m.ofKind("Service").toList()) {
      assertEquals("ClusterIP", service.path("spec").path("type").asText("ClusterIP"), "Service " + name(service));
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theIngressRoutesThePublicSurfaceButNotQuarkusEndpoints(String overlay) {
    Manifests m = Kustomize.render(overlay);
    List<String> paths = new ArrayList<>();
    for (JsonNode rule : m.get("Ingress", "gateway").path("spec").path("rules")) {
      assertFalse(rule.path("host").asText().isEmpty(), "a rule without host answers every name");
      rule.path("http").path("paths").forEach(p -> paths.add(p.path("pathType").asText() + " " + p.path("path").asText()));
    }
    assertEquals(
        List.of(
            "Prefix /api/v1", "Prefix /public/v1", "Prefix /appliance/v1", "Exact /openapi",
            // the reference page's static files
            "Exact /", "Exact /index.html", "Exact /favicon.svg", "Prefix /js", "Prefix /css"),
        paths,
        overlay);
    assertTrue(paths.stream().noneMatch(p -> p.endsWith(" /q") || p.contains(" /q/")), "/q must stay inside");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void productionTerminatesTlsForItsHost(String overlay) {
    Manifests m = Kustomize.render(overlay);
    JsonNode spec = m.get("Ingress", "gateway").path("spec");
    if (!overlay.equals("prod")) {
      return;
    }
    JsonNode tls = spec.path("tls");
    assertEquals(1, tls.size(), "prod Ingress TLS");
    assertEquals("gateway-tls", tls.get(0).path("secretName").asText());
    assertEquals(spec.path("rules").get(0).path("host").asText(), tls.get(0).path("hosts").get(0).asText(), "TLS host differs from the rule's");
  }
}
