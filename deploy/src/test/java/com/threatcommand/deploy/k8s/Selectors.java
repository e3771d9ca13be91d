package com.threatcommand.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Kubernetes label selectors: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
final class Selectors {
  private Selectors() {}

  /** Whether the selector matches the labels; an empty selector matches everything. */
  static boolean matches(JsonNode selector, Map<String, String> labels) {
    var matchLabels = selector.path("matchLabels").fields();
    while (matchLabels.hasNext()) {
      var entry = matchLabels.next();
      if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      Set<String> values = new HashSet<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (expression.path("operator").asText()) {
            case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
            case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> throw new AssertionError("unknown selector operator in " + expression);
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A selector that selects nothing at all would be an empty selector: that matches everything. */
  static boolean isEmpty(JsonNode selector) {
    return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
  }
}
