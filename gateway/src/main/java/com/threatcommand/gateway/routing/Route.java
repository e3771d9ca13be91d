package com.threatcommand.gateway.routing;

import io.vertx.core.http.HttpMethod;
import java.util.Set;

/**
 * One row of the route table (contracts.md, "Paths"): its metrics name, the credential it takes,
 * where it goes, the methods the gateway itself knows it accepts (null: the service decides), and
 * whether its responses may carry a secret (then {@code Cache-Control: no-store} is enforced).
 */
public record Route(String id, Access access, Target target, Set<HttpMethod> methods, String allow, boolean secret) {

  public enum Target {
    SUBSCRIPTION,
    CREDENTIALS,
    TEST_CREDENTIALS,
    IDENTITY,
    API_GUIDE
  }

  static Route of(String id, Access access, Target target, boolean secret, HttpMethod... methods) {
    Set<HttpMethod> set = methods.length == 0 ? null : Set.of(methods);
    String allow = null;
    if (set != null) {
      StringBuilder b = new StringBuilder();
      for (HttpMethod method : methods) {
        b.append(b.length() == 0 ? "" : ", ").append(method.name());
      }
      allow = b.toString();
    }
    return new Route(id, access, target, set, allow, secret);
  }
}
