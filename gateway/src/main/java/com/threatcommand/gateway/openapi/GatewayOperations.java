package com.threatcommand.gateway.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.threatcommand.gateway.routing.Access;
import com.threatcommand.gateway.routing.RouteTable;
import java.util.List;

/**
 * What the merged document says of the gateway itself: the security of every operation, the
 * problems the gateway answers on its own (401/403/429, 408/413 for bodies, 414/431 from the HTTP
 * layer, 502/503/504 for a service behind it), and the operations it serves without a service.
 */
final class GatewayOperations {
  private static final String PROBLEM_REF = "#/components/schemas/Problem";
  private static final String PROBLEM_TYPE = "application/problem+json";

  private GatewayOperations() {}

  /** The two ways in: the identity provider's JWT, and Basic accountId:key. */
  static void securitySchemes(ObjectNode components) {
    ObjectNode schemes = components.putObject("securitySchemes");
    ObjectNode bearer = schemes.putObject("bearerAuth");
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "JWT");
    bearer.put(
        "description",
        "A JWT from the company identity provider: groups must contain admin (for /api/v1/subscription"
            + " and /api/v1/credentials; the token's account_id is the tenant) or provisioner (for"
            + " /api/v1/provisioning).");
    ObjectNode basic = schemes.putObject("basicAuth");
    basic.put("type", "http");
    basic.put("scheme", "basic");
    basic.put(
        "description",
        "accountId:apiKey on /public/v1, accountId:applianceKey on /appliance/v1. Repeated failures"
            + " from one client are answered with 429 and Retry-After.");
  }

  /** Security as the route table says, and the problems the gateway itself can answer with. */
  static void secure(ObjectNode operation, Access access, boolean proxied) {
    ArrayNode security = operation.putArray("security");
    security.addObject().putArray(access.bearer() ? "bearerAuth" : "basicAuth");
    ObjectNode responses =
        operation.has("responses") && operation.get("responses").isObject()
            ? (ObjectNode) operation.get("responses")
            : operation.putObject("responses");
    problem(responses, "401", "unauthenticated: the credential is missing or invalid (see WWW-Authenticate)");
    if (access.bearer()) {
      problem(responses, "403", "forbidden: the token does not carry the group this operation needs");
    } else {
      problem(responses, "429", "rate-limited: too many failed logins from this client (see Retry-After)");
    }
    if (operation.has("requestBody")) {
      problem(responses, "413", "payload-too-large: the body exceeds 64 KiB");
      if (proxied) {
        problem(responses, "408", "request-timeout: the body did not arrive in full within the gateway's body timeout (20 s)");
      }
    }
    // Refused by the HTTP layer before any route runs (Quarkus offers no hook there): the status
    // alone, no body, and the connection is closed.
    bare(responses, "414", "The URL is longer than 4 KiB (no body; the connection is closed)");
    bare(responses, "431", "The request headers exceed 20 KiB (no body; the connection is closed)");
    if (proxied) {
      problem(responses, "502", "bad-gateway: the service behind the gateway answered badly");
      problem(responses, "503", "upstream-unavailable: the service behind the gateway cannot be reached");
      problem(responses, "504", "upstream-timeout: the service behind the gateway did not answer in time");
    } else if (!access.bearer()) {
      problem(responses, "503", "upstream-unavailable: keys cannot be verified right now");
    }
  }

  private static void bare(ObjectNode responses, String code, String description) {
    if (!responses.has(code)) {
      responses.putObject(code).put("description", description);
    }
  }

  static void problem(ObjectNode responses, String code, String description) {
    if (responses.has(code)) {
      return;
    }
    ObjectNode response = responses.putObject(code);
    response.put("description", description);
    response
        .putObject("content")
        .putObject(PROBLEM_TYPE)
        .putObject("schema")
        .put("$ref", PROBLEM_REF);
  }

  /** The operations the gateway answers itself: test-credentials, the appliance identity, the API guide. */
  static void add(ObjectNode paths, ObjectNode schemas) {
    ObjectNode publicTest = paths.putObject("/public/v1/test-credentials");
    testCredentials(publicTest, Access.API_KEY, "testApiCredentials", "Public API", "accountId:apiKey");
    ObjectNode applianceTest = paths.putObject("/appliance/v1/test-credentials");
    testCredentials(
        applianceTest, Access.APPLIANCE_KEY, "testApplianceCredentials", "Appliance", "accountId:applianceKey");

    ObjectNode identitySchema = schemas.putObject("ApplianceIdentity");
    identitySchema.put("type", "object");
    identitySchema.putArray("required").add("accountId").add("keyId");
    ObjectNode properties = identitySchema.putObject("properties");
    properties.putObject("accountId").put("type", "string").put("example", "5f1e2d3c4b5a697887766554");
    properties.putObject("keyId").put("type", "string").put("format", "uuid");

    ObjectNode identity = paths.putObject("/appliance/v1/identity").putObject("get");
    identity.put("operationId", "getApplianceIdentity");
    identity.put("summary", "Which account and key the appliance is connected as");
    identity.putArray("tags").add("Appliance");
    ObjectNode ok = identity.putObject("responses").putObject("200");
    ok.put("description", "The account and the appliance key's ID");
    ok.putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/ApplianceIdentity");
    secure(identity, Access.APPLIANCE_KEY, false);

    apiGuide(paths.putObject(RouteTable.API_GUIDE_PATH).putObject("get"));
  }

  /** The API guide download, answered by the gateway itself (documents.ApiGuide). */
  private static void apiGuide(ObjectNode operation) {
    String file = "threat-command-api-guide.zip";
    operation.put("operationId", "getApiGuide");
    operation.put("summary", "The API guide: this document as a web page to read offline, in a ZIP");
    operation.put(
        "description",
        "A ZIP with index.html (every operation and schema of this API as one static page that a"
            + " browser shows offline: no script, nothing fetched), openapi.json (byte for byte what"
            + " GET /openapi serves at the same address) and openapi.yaml. Built by the gateway from"
            + " the document it serves. Conditional requests: send the ETag of a copy you have as"
            + " If-None-Match to get 304 without a body while it is still current.");
    operation.putArray("tags").add("Documents");
    ObjectNode responses = operation.putObject("responses");
    ObjectNode ok = responses.putObject("200");
    ok.put("description", "The API guide, as an attachment named " + file);
    ObjectNode headers = ok.putObject("headers");
    header(headers, "Content-Disposition", "attachment; filename=\"" + file + "\"");
    header(headers, "ETag", "Strong entity tag of this version of the guide.");
    header(headers, "Cache-Control", "private, max-age=3600");
    ok.putObject("content")
        .putObject("application/zip")
        .putObject("schema")
        .put("type", "string")
        .put("format", "binary");
    ObjectNode notModified = responses.putObject("304");
    notModified.put("description", "Not modified: If-None-Match names the current ETag; no body");
    ObjectNode notModifiedHeaders = notModified.putObject("headers");
    header(notModifiedHeaders, "ETag", "The current entity tag.");
    header(notModifiedHeaders, "Cache-Control", "private, max-age=3600");
    secure(operation, Access.ADMIN, false);
    problem(responses, "503", "upstream-unavailable: the services' documents have not been fetched yet (see Retry-After)");
  }

  private static void header(ObjectNode headers, String name, String description) {
    ObjectNode header = headers.putObject(name);
    header.put("description", description);
    header.putObject("schema").put("type", "string");
  }

  private static void testCredentials(
      ObjectNode item, Access access, String operationId, String tag, String credential) {
    for (String method : List.of("get", "head")) {
      ObjectNode operation = item.putObject(method);
      operation.put(
          "operationId", method.equals("get") ? operationId : operationId + "Head");
      operation.put("summary", "Check " + credential + " (200 if valid, else 401)");
      operation.putArray("tags").add(tag);
      operation.putObject("responses").putObject("200").put("description", "The credentials are valid");
      secure(operation, access, false);
      if (method.equals("head")) {
        // An answer to HEAD has no body: the same statuses, without their content.
        operation.get("responses").forEach(response -> ((ObjectNode) response).remove("content"));
      }
    }
  }

  static void ensureProblemSchema(ObjectNode schemas) {
    if (schemas.has("Problem")) {
      return;
    }
    ObjectNode problem = schemas.putObject("Problem");
    problem.put("type", "object");
    problem.put("description", "RFC 9457 problem details (application/problem+json).");
    ObjectNode properties = problem.putObject("properties");
    for (String name : List.of("type", "title", "detail", "instance", "requestId")) {
      properties.putObject(name).put("type", "string");
    }
    properties.putObject("status").put("type", "integer").put("format", "int32");
    ObjectNode errors = properties.putObject("errors");
    errors.put("type", "array");
    ObjectNode item = errors.putObject("items");
    item.put("type", "object");
    item.putObject("properties").putObject("field").put("type", "string");
    ((ObjectNode) item.get("properties")).putObject("message").put("type", "string");
  }
}
