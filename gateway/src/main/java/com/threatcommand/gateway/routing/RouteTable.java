package com.threatcommand.gateway.routing;

import io.vertx.core.http.HttpMethod;
import java.util.Map;

/**
 * The public surface (contracts.md, "Paths"). Matching is by plain string comparison on the
 * normalized path: no regex on the hot path. Paths are not rewritten.
 */
public final class RouteTable {
  /** Under a gateway-owned prefix but served by nobody: 404 before any credential is looked at. */
  public static final Route NOT_FOUND = Route.of("not-found", null, null, false);

  static final Route SUBSCRIPTION = Route.of("subscription", Access.ADMIN, Route.Target.SUBSCRIPTION, false);
  static final Route PROVISIONING =
      Route.of("provisioning", Access.PROVISIONER, Route.Target.SUBSCRIPTION, false);
  static final Route CREDENTIALS = Route.of("credentials", Access.ADMIN, Route.Target.CREDENTIALS, true);

  /** The API guide: built by the gateway from the merged OpenAPI document it owns. */
  public static final String API_GUIDE_PATH = "/api/v1/subscription/documents/api-guide";

  private static final Map<String, Route> EXACT =
      Map.of(
          API_GUIDE_PATH,
          Route.of("api-guide", Access.ADMIN, Route.Target.API_GUIDE, false, HttpMethod.GET, HttpMethod.HEAD),
          "/public/v1/account/subscription",
          Route.of("public-subscription", Access.API_KEY, Route.Target.SUBSCRIPTION, false, HttpMethod.GET),
          "/public/v1/account/system-modules",
          Route.of("public-system-modules", Access.API_KEY, Route.Target.SUBSCRIPTION, false, HttpMethod.GET),
          "/public/v1/account/credits/debits",
          Route.of("public-credit-debits", Access.API_KEY, Route.Target.SUBSCRIPTION, false, HttpMethod.POST),
          "/public/v1/test-credentials",
          Route.of(
              "public-test-credentials",
              Access.API_KEY,
              Route.Target.TEST_CREDENTIALS,
              false,
              HttpMethod.GET,
              HttpMethod.HEAD),
          "/appliance/v1/test-credentials",
          Route.of(
              "appliance-test-credentials",
              Access.APPLIANCE_KEY,
              Route.Target.TEST_CREDENTIALS,
              false,
              HttpMethod.GET,
              HttpMethod.HEAD),
          "/appliance/v1/identity",
          Route.of("appliance-identity", Access.APPLIANCE_KEY, Route.Target.IDENTITY, false, HttpMethod.GET));

  private RouteTable() {}

  /** The route for a normalized path; {@link #NOT_FOUND}; or null when the gateway does not own it. */
  public static Route match(String path) {
    Route exact = EXACT.get(path);
    if (exact != null) {
      return exact;
    }
    if (under(path, "/api/v1/subscription")) {
      return SUBSCRIPTION;
    }
    if (under(path, "/api/v1/credentials")) {
      return CREDENTIALS;
    }
    if (path.startsWith("/api/v1/provisioning/")) {
      return PROVISIONING;
    }
    if (under(path, "/api") || under(path, "/public") || under(path, "/appliance") || under(path, "/internal")) {
      return NOT_FOUND;
    }
    return null;
  }

  /** {@code path} is {@code prefix} itself or below it. */
  private static boolean under(String path, String prefix) {
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }
}
