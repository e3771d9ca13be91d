package com.threatcommand.deploy.k8s;

import static com.threatcommand.deploy.k8s.Manifests.labels;
import static com.threatcommand.deploy.k8s.Manifests.name;
import static com.threatcommand.deploy.k8s.Manifests.podSpec;
import static com.threatcommand.deploy.k8s.Manifests.templateLabels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Services, PDBs, HPAs, spread constraints and NetworkPolicies select the pods they are meant for. */
class LabelsAndSelectorsTest {

  static List<String> overlays() {
    return Kustomize.overlays();
  }

  /** Pod label sets of the render: Deployments' templates and CloudNativePG's instances. */
  private static Map<String, Map<String, String>> pods(Manifests m) {
    Map<String, Map<String, String>> pods = new java.util.LinkedHashMap<>();
    m.deployments().forEach(d -> pods.put(name(d), templateLabels(d)));
    m.ofKind("Cluster").forEach(c -> pods.put(name(c), Map.of("cnpg.io/cluster", name(c))));
    return pods;
  }

  private static List<String> selected(Manifests m, JsonNode selector) {
    List<String> names = new ArrayList<>();
    pods(m).forEach((name, labels) -> {
      if (Selectors.matches(selector, labels)) {
        names.add(name);
      }
    });
    return names;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyDeploymentSelectsItsOwnPodsAndNoOthers(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode deployment : m.deployments()) {
      JsonNode selector = deployment.path("spec").path("selector");
      assertFalse(Selectors.isEmpty(selector), name(deployment) + " has an empty selector");
      assertEquals(List.of(name(deployment)), selected(m, selector), name(deployment) + "'s selector");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyServiceSendsToExactlyOneDeploymentOnAPortItDeclares(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode service : m.ofKind("Service").toList()) {
      JsonNode selector = service.path("spec").path("selector");
      Map<String, String> wanted = labels(selector);
      assertFalse(wanted.isEmpty(), name(service) + " selects nothing");
      List<String> targets = new ArrayList<>();
      pods(m).forEach((pod, labels) -> {
        if (labels.entrySet().containsAll(wanted.entrySet())) {
          targets.add(pod);
        }
      });
      assertEquals(List.of(name(service)), targets, "Service " + name(service) + " selects " + targets);
      JsonNode container = Manifests.mainContainer(m.get("Deployment", targets.get(0)));
      for (JsonNode port : service.path("spec").path("ports")) {
        assertTrue(
            Manifests.containerPort(container, port.path("targetPort")).isPresent(),
            "Service " + name(service) + " targets port " + port.path("targetPort") + " that the pod does not declare");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyApplicationHasADisruptionBudgetAndACpuAutoscaler(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (String app : Manifests.APPLICATIONS) {
      JsonNode deployment = m.application(app);
      List<JsonNode> budgets = m.ofKind("PodDisruptionBudget")
          .filter(p -> Selectors.matches(p.path("spec").path("selector"), templateLabels(deployment)))
          .toList();
      assertEquals(1, budgets.size(), overlay + "/" + app + " is covered by " + budgets.size() + " PDBs");
      JsonNode pdb = budgets.get(0).path("spec");
      assertEquals(List.of(app), selected(m, pdb.path("selector")), "PDB " + name(budgets.get(0)) + " selects other pods too");
      // Never block node drains: a one-replica dev app must still be evictable.
      assertTrue(pdb.has("maxUnavailable") && pdb.path("maxUnavailable").asInt() >= 1, app + ": PDB must allow one eviction");

      List<JsonNode> autoscalers = m.ofKind("HorizontalPodAutoscaler")
          .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(app))
          .toList();
      assertEquals(1, autoscalers.size(), overlay + "/" + app + " has " + autoscalers.size() + " HPAs");
      JsonNode hpa = autoscalers.get(0).path("spec");
      assertEquals("Deployment", hpa.path("scaleTargetRef").path("kind").asText());
      assertEquals("apps/v1", hpa.path("scaleTargetRef").path("apiVersion").asText());
      assertTrue(hpa.path("maxReplicas").asInt() > hpa.path("minReplicas").asInt(1), app + ": HPA cannot scale");
      JsonNode metric = hpa.path("metrics").get(0);
      assertEquals("cpu", metric.path("resource").path("name").asText(), app + ": HPA metric");
      assertEquals("Utilization", metric.path("resource").path("target").path("type").asText(), app + ": HPA target");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void autoscalersAndBudgetsTargetOnlyDeploymentsThatExist(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode hpa : m.ofKind("HorizontalPodAutoscaler").toList()) {
      String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
      assertTrue(m.find("Deployment", target).isPresent(), "HPA " + name(hpa) + " scales missing " + target);
    }
    for (JsonNode pdb : m.ofKind("PodDisruptionBudget").toList()) {
      assertFalse(selected(m, pdb.path("spec").path("selector")).isEmpty(), "PDB " + name(pdb) + " selects no pod");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void spreadConstraintsCountTheirOwnPods(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (String app : Manifests.APPLICATIONS) {
      JsonNode deployment = m.application(app);
      JsonNode constraints = podSpec(deployment).path("topologySpreadConstraints");
      assertFalse(constraints.isEmpty(), app + ": replicas are not spread over nodes");
      for (JsonNode constraint : constraints) {
        assertEquals(List.of(app), selected(m, constraint.path("labelSelector")), app + " spread selector");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyNetworkPolicySelectsPodsThatExist(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode policy : m.ofKind("NetworkPolicy").toList()) {
      JsonNode spec = policy.path("spec");
      assertFalse(selected(m, spec.path("podSelector")).isEmpty(), "NetworkPolicy " + name(policy) + " selects no pod");
      for (String direction : List.of("ingress", "egress")) {
        for (JsonNode rule : spec.path(direction)) {
          for (JsonNode peer : rule.path(direction.equals("ingress") ? "from" : "to")) {
            if (peer.has("podSelector") && !peer.has("namespaceSelector")) {
              assertFalse(
                  selected(m, peer.path("podSelector")).isEmpty(),
                  "NetworkPolicy " + name(policy) + " allows " + direction + " with pods that do not exist: " + peer);
            }
          }
        }
      }
    }
  }
}
