package com.threatcommand.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the rendered NetworkPolicies the way Kubernetes does, for a set of endpoints: the pods
 * of the overlay's namespace (from its Deployments and CloudNativePG Clusters) and stand-ins for
 * what lives elsewhere (the Ingress controller, cluster DNS, the CloudNativePG operator, a pod of
 * another namespace, an address outside the cluster). A connection is allowed when the source's
 * egress and the destination's ingress both allow it; an endpoint that no policy selects in a
 * direction is open in that direction. Address blocks are taken to match pod addresses too, as
 * many network plugins do: the strict reading.
 */
final class NetworkModel {
  /** A pod or address. namespace null = outside the cluster. */
  record Endpoint(
      String name, String namespace, Map<String, String> labels, Map<String, Integer> ports, String ip) {
    boolean inCluster() {
      return namespace != null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record Connection(Endpoint from, Endpoint to, String protocol, int port) {
    @Override
    public String toString() {
      return from + " -> " + to + ":" + port + (protocol.equals("TCP") ? "" : "/" + protocol);
    }
  }

  static final String INGRESS_CONTROLLER = "ingress-controller";
  static final String KUBE_DNS = "kube-dns";
  static final String CNPG_OPERATOR = "cnpg-operator";
  static final String OTHER_NAMESPACE_POD = "pod-in-other-namespace";
  static final String OUTSIDE = "outside-the-cluster";

  private final Manifests manifests;
  private final String namespace;
  private final List<JsonNode> policies;
  private final List<Endpoint> endpoints = new ArrayList<>();

  NetworkModel(Manifests manifests) {
    this.manifests = manifests;
    this.namespace = manifests.namespace();
    this.policies = manifests.ofKind("NetworkPolicy").toList();
    int ip = 10;
    for (JsonNode deployment : manifests.deployments()) {
      Map<String, Integer> ports = new HashMap<>();
      for (JsonNode container : Manifests.containers(deployment)) {
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
      }
      endpoints.add(
          new Endpoint(
              Manifests.name(deployment), namespace, Manifests.templateLabels(deployment), ports,
              "10.244.0." + ip++));
    }
    // A CloudNativePG Cluster's instance pods carry cnpg.io/cluster=<name>.
    for (JsonNode cluster : manifests.ofKind("Cluster").toList()) {
      endpoints.add(
          new Endpoint(
              Manifests.name(cluster), namespace,
              Map.of("cnpg.io/cluster", Manifests.name(cluster), "cnpg.io/podRole", "instance"),
              Map.of("postgresql", 5432, "status", 8000, "metrics", 9187),
              "10.244.0." + ip++));
    }
    endpoints.add(external(INGRESS_CONTROLLER, "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.244.1.10"));
    endpoints.add(external(KUBE_DNS, "kube-system", Map.of("k8s-app", "kube-dns"), "10.244.2.10"));
    endpoints.add(external(CNPG_OPERATOR, "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), "10.244.3.10"));
    endpoints.add(external(OTHER_NAMESPACE_POD, "other", Map.of("app", "other"), "10.244.4.10"));
    endpoints.add(new Endpoint(OUTSIDE, null, Map.of(), Map.of(), "203.0.113.10"));
  }

  private static Endpoint external(String name, String namespace, Map<String, String> labels, String ip) {
    return new Endpoint(name, namespace, labels, Map.of(), ip);
  }

  List<Endpoint> endpoints() {
    return endpoints;
  }

  Endpoint endpoint(String name) {
    return endpoints.stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(manifests.overlay() + ": no endpoint " + name));
  }

  /** Every connection among the endpoints, over the given ports, that the policies allow. */
  Set<Connection> allowed(List<Integer> tcpPorts, List<Integer> udpPorts) {
    Set<Connection> allowed = new LinkedHashSet<>();
    for (Endpoint from : endpoints) {
      for (Endpoint to : endpoints) {
        if (!ours(from) && !ours(to)) {
          continue; // between two endpoints elsewhere: not these policies' business
        }
        for (int port : tcpPorts) {
          Connection c = new Connection(from, to, "TCP", port);
          if (allows(c)) {
            allowed.add(c);
          }
        }
        for (int port : udpPorts) {
          Connection c = new Connection(from, to, "UDP", port);
          if (allows(c)) {
            allowed.add(c);
          }
        }
      }
    }
    return allowed;
  }

  /** Whether the endpoint is a pod of the overlay's namespace (governed by its policies). */
  boolean ours(Endpoint endpoint) {
    return namespace.equals(endpoint.namespace());
  }

  boolean allows(Connection c) {
    return egressAllows(c) && ingressAllows(c);
  }

  private boolean egressAllows(Connection c) {
    if (!namespace.equals(c.from().namespace())) {
      return true; // not governed by this namespace's policies
    }
    List<JsonNode> selecting = selecting(c.from(), "Egress");
    if (selecting.isEmpty()) {
      return true;
    }
    for (JsonNode policy : selecting) {
      for (JsonNode rule : policy.path("spec").path("egress")) {
        if (peersMatch(rule.path("to"), c.to()) && portsMatch(rule.path("ports"), c)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The destination's ingress rules alone, as if the source's egress were wide open. */
  boolean ingressAllows(Connection c) {
    if (!namespace.equals(c.to().namespace())) {
      return true;
    }
    List<JsonNode> selecting = selecting(c.to(), "Ingress");
    if (selecting.isEmpty()) {
      return true;
    }
    for (JsonNode policy : selecting) {
      for (JsonNode rule : policy.path("spec").path("ingress")) {
        if (peersMatch(rule.path("from"), c.from()) && portsMatch(rule.path("ports"), c)) {
          return true;
        }
      }
    }
    return false;
  }

  private List<JsonNode> selecting(Endpoint pod, String direction) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode policy : policies) {
      JsonNode spec = policy.path("spec");
      if (policyTypes(spec).contains(direction) && Selectors.matches(spec.path("podSelector"), pod.labels())) {
        found.add(policy);
      }
    }
    return found;
  }

  static Set<String> policyTypes(JsonNode spec) {
    Set<String> types = new LinkedHashSet<>();
    if (spec.has("policyTypes")) {
      spec.path("policyTypes").forEach(t -> types.add(t.asText()));
    } else {
      types.add("Ingress");
      if (spec.has("egress")) {
        types.add("Egress");
      }
    }
    return types;
  }

  /** An absent or empty peer list matches everyone. */
  private boolean peersMatch(JsonNode peers, Endpoint other) {
    if (peers.isMissingNode() || peers.isNull() || peers.isEmpty()) {
      return true;
    }
    for (JsonNode peer : peers) {
      if (peerMatches(peer, other)) {
        return true;
      }
    }
    return false;
  }

  private boolean peerMatches(JsonNode peer, Endpoint other) {
    if (peer.has("ipBlock")) {
      JsonNode block = peer.path("ipBlock");
      if (!Cidr.contains(block.path("cidr").asText(), other.ip())) {
        return false;
      }
      for (JsonNode except : block.path("except")) {
        if (Cidr.contains(except.asText(), other.ip())) {
          return false;
        }
      }
      return true;
    }
    if (!other.inCluster()) {
      return false;
    }
    boolean namespaceOk;
    if (peer.has("namespaceSelector")) {
      namespaceOk =
          Selectors.matches(
              peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", other.namespace()));
    } else {
      namespaceOk = namespace.equals(other.namespace());
    }
    boolean podOk = !peer.has("podSelector") || Selectors.matches(peer.path("podSelector"), other.labels());
    return namespaceOk && podOk;
  }

  private static boolean portsMatch(JsonNode ports, Connection c) {
    if (ports.isMissingNode() || ports.isNull() || ports.isEmpty()) {
      return true;
    }
    for (JsonNode port : ports) {
      String protocol = port.path("protocol").asText("TCP");
      if (!protocol.equals(c.protocol())) {
        continue;
      }
      if (!port.has("port")) {
        return true;
      }
      JsonNode p = port.path("port");
      int number = p.isInt() ? p.asInt() : c.to().ports().getOrDefault(p.asText(), -1);
      int end = port.path("endPort").asInt(number);
      if (c.port() >= number && c.port() <= end) {
        return true;
      }
    }
    return false;
  }
}
