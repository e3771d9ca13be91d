package com.threatcommand.deploy.k8s;

import static com.threatcommand.deploy.k8s.NetworkModel.CNPG_OPERATOR;
import static com.threatcommand.deploy.k8s.NetworkModel.INGRESS_CONTROLLER;
import static com.threatcommand.deploy.k8s.NetworkModel.KUBE_DNS;
import static com.threatcommand.deploy.k8s.NetworkModel.OTHER_NAMESPACE_POD;
import static com.threatcommand.deploy.k8s.NetworkModel.OUTSIDE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatcommand.deploy.k8s.NetworkModel.Connection;
import com.threatcommand.deploy.k8s.NetworkModel.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who can reach whom once the policies are enforced: exactly the paths the system needs (only the
 * gateway reaches the services, the services reach PostgreSQL, subscription-service reaches SMTP,
 * DNS everywhere) and nothing else, checked over every pair of endpoints and a set of ports.
 */
class NetworkPolicyTest {
  private static final List<Integer> TCP = List.of(22, 53, 80, 443, 587, 1025, 5432, 6443, 8000, 8025, 8080, 8081, 8082, 9000);
  private static final List<Integer> UDP = List.of(53);
  private static final Set<String> SERVICES = Set.of("subscription-service", "credentials-service");

  static List<String> overlays() {
    return Kustomize.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everythingIsDeniedUnlessAllowed(String overlay) {
    Manifests m = Kustomize.render(overlay);
    List<JsonNode> denyAll = m.ofKind("NetworkPolicy")
        .filter(p -> Selectors.isEmpty(p.path("spec").path("podSelector")))
        .filter(p -> NetworkModel.policyTypes(p.path("spec")).containsAll(Set.of("Ingress", "Egress")))
        .filter(p -> p.path("spec").path("ingress").isEmpty() && p.path("spec").path("egress").isEmpty())
        .toList();
    assertEquals(1, denyAll.size(), overlay + ": needs one default-deny policy for all pods, both directions");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyTheNeededConnectionsAreAllowed(String overlay) {
    Manifests m = Kustomize.render(overlay);
    NetworkModel model = new NetworkModel(m);
    Predicate<Connection> expected = expected(overlay);
    Set<String> unexpected = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    Set<Connection> allowed = model.allowed(TCP, UDP);
    allowed.stream().filter(expected.negate()).forEach(c -> unexpected.add(c.toString()));
    for (Endpoint from : model.endpoints()) {
      for (Endpoint to : model.endpoints()) {
        if (!model.ours(from) && !model.ours(to)) {
          continue;
        }
        for (int port : TCP) {
          Connection c = new Connection(from, to, "TCP", port);
          if (expected.test(c) && !allowed.contains(c)) {
            missing.add(c.toString());
          }
        }
        for (int port : UDP) {
          Connection c = new Connection(from, to, "UDP", port);
          if (expected.test(c) && !allowed.contains(c)) {
            missing.add(c.toString());
          }
        }
      }
    }
    assertEquals(Set.of(), unexpected, overlay + ": allowed but not needed");
    assertEquals(Set.of(), missing, overlay + ": needed but denied");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theServicesCannotBeReachedButThroughTheGateway(String overlay) {
    NetworkModel model = new NetworkModel(Kustomize.render(overlay));
    for (String service : SERVICES) {
      Endpoint target = model.endpoint(service);
      int port = target.ports().get("http");
      assertTrue(model.allows(new Connection(model.endpoint("gateway"), target, "TCP", port)), "gateway -> " + service);
      for (String other : List.of(INGRESS_CONTROLLER, OTHER_NAMESPACE_POD, OUTSIDE)) {
        assertFalse(model.allows(new Connection(model.endpoint(other), target, "TCP", port)), other + " -> " + service);
      }
      for (String sibling : SERVICES) {
        if (!sibling.equals(service)) {
          assertFalse(model.allows(new Connection(model.endpoint(sibling), target, "TCP", port)), sibling + " -> " + service);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void eachPodsIngressRulesAloneAdmitOnlyItsRealClients(String overlay) {
    // Defence in depth: even if a source's egress rules were loosened, the destination's own
    // ingress rules keep everyone else out.
    NetworkModel model = new NetworkModel(Kustomize.render(overlay));
    Map<String, Set<String>> expectedClients = new TreeMap<>();
    expectedClients.put("gateway", Set.of(INGRESS_CONTROLLER));
    expectedClients.put("subscription-service", Set.of("gateway"));
    expectedClients.put("credentials-service", Set.of("gateway"));
    if (overlay.equals("dev")) {
      expectedClients.put("mail-sink", Set.of("subscription-service"));
      expectedClients.put("threatcommand-db", Set.of("subscription-service", "credentials-service", "threatcommand-db", CNPG_OPERATOR));
    }
    for (var entry : expectedClients.entrySet()) {
      Endpoint target = model.endpoint(entry.getKey());
      Set<String> clients = new TreeSet<>();
      for (Endpoint source : model.endpoints()) {
        for (int port : TCP) {
          if (model.ingressAllows(new Connection(source, target, "TCP", port))) {
            clients.add(source.name());
          }
        }
      }
      assertEquals(new TreeSet<>(entry.getValue()), clients, overlay + ": who " + entry.getKey() + "'s ingress rules admit");
    }
  }

  /** The needed connections of each overlay, written out. */
  private static Predicate<Connection> expected(String overlay) {
    return c -> {
      String from = c.from().name();
      String to = c.to().name();
      int port = c.port();
      boolean tcp = c.protocol().equals("TCP");
      boolean fromOurs = c.from().inCluster() && !isExternal(from);
      boolean toOutsideNamespace = isExternal(to) || to.equals(OUTSIDE);
      // Every pod of the namespace resolves names through cluster DNS.
      if (fromOurs && to.equals(KUBE_DNS) && port == 53) {
        return true;
      }
      if (tcp && from.equals(INGRESS_CONTROLLER) && to.equals("gateway") && port == 8080) {
        return true;
      }
      if (tcp && from.equals("gateway") && to.equals("subscription-service") && port == 8081) {
        return true;
      }
      if (tcp && from.equals("gateway") && to.equals("credentials-service") && port == 8082) {
        return true;
      }
      if (overlay.equals("dev")) {
        if (tcp && SERVICES.contains(from) && to.equals("threatcommand-db") && port == 5432) {
          return true;
        }
        if (tcp && from.equals("subscription-service") && to.equals("mail-sink") && port == 1025) {
          return true;
        }
        // CloudNativePG: replication/status among instances, the operator's polling, and the
        // instance manager's calls to the Kubernetes API (any address: the API's is cluster-specific).
        if (tcp && from.equals("threatcommand-db") && to.equals("threatcommand-db") && (port == 5432 || port == 8000)) {
          return true;
        }
        if (tcp && from.equals(CNPG_OPERATOR) && to.equals("threatcommand-db") && (port == 5432 || port == 8000)) {
          return true;
        }
        if (tcp && from.equals("threatcommand-db") && toOutsideNamespace && (port == 443 || port == 6443)) {
          return true;
        }
        return false;
      }
      if (overlay.equals("prod")) {
        // The external database and SMTP relay: any address outside the namespace, on their port.
        if (tcp && SERVICES.contains(from) && toOutsideNamespace && port == 5432) {
          return true;
        }
        if (tcp && from.equals("subscription-service") && toOutsideNamespace && port == 587) {
          return true;
        }
        return false;
      }
      throw new AssertionError("no expected connections written for overlay " + overlay);
    };
  }

  private static boolean isExternal(String name) {
    return Set.of(INGRESS_CONTROLLER, KUBE_DNS, CNPG_OPERATOR, OTHER_NAMESPACE_POD).contains(name);
  }
}
