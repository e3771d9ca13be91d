package com.threatcommand.subscription.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the errors every operation can answer with, as problem+json, so that a generated client
 * knows their shape: 400 for operations that take input, 401, 403, 500 and 503 everywhere, 413 and
 * 415 where a body is sent. Registered with {@code mp.openapi.filter}.
 */
public class OpenApiProblems implements OASFilter {
  private static final String PROBLEM_REF = "#/components/schemas/Problem";

  /** Realistic details for the examples of the common slugs. */
  private static final Map<String, String> DETAILS =
      Map.ofEntries(
          Map.entry("validation-failed", "amount: must be less than or equal to 1000000"),
          Map.entry("malformed-json", "The request body is not valid JSON."),
          Map.entry(
              "idempotency-key-required",
              "Send an Idempotency-Key header (1 to 255 printable characters, e.g. a UUID) so that"
                  + " a retried request is never applied twice."),
          Map.entry("unauthenticated", "The bearer token is missing, invalid or expired."),
          Map.entry("forbidden", "Your credentials do not allow this operation."),
          Map.entry(
              "subscription-not-found", "No subscription is provisioned for this account."),
          Map.entry("not-found", "No such upgrade request."),
          Map.entry(
              "insufficient-credits",
              "The balance is 3 credits; this debit needs 5. Nothing was debited."),
          Map.entry(
              "subscription-expired",
              "The subscription expired on 2026-06-30; nothing more can be consumed until it is"
                  + " renewed."),
          Map.entry(
              "limit-exceeded",
              "The assets limit is 100 and 98 are used; 5 more do not fit. Nothing was consumed."),
          Map.entry(
              "idempotency-in-progress",
              "A request with this Idempotency-Key is still being processed. Retry shortly to get"
                  + " its result."),
          Map.entry(
              "idempotency-key-reused",
              "This Idempotency-Key was already used with a different request. Use a new key for a"
                  + " new request."),
          Map.entry(
              "rate-limited",
              "At most 20 upgrade requests per account per hour. Try again in 1260 seconds."),
          Map.entry("payload-too-large", "The request body exceeds 64 KiB."),
          Map.entry("unsupported-media-type", "Send the body as application/json."),
          Map.entry(
              "upstream-unavailable", "The service cannot reach its database. Try again shortly."));

  private static final Map<String, String> COMMON =
      Map.of(
          "401", "unauthenticated: no valid internal token",
          "403", "forbidden: the token does not carry the group this operation needs",
          "500", "internal-error",
          "503", "upstream-unavailable: the database cannot be reached");

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null) {
      return;
    }
    for (PathItem item : openAPI.getPaths().getPathItems().values()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
        Operation operation = entry.getValue();
        if (operation.getResponses() == null) {
          operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean takesInput =
            operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        if (takesInput) {
          add(responses, "400", "validation-failed or malformed-json: the request is invalid");
        }
        if (operation.getRequestBody() != null) {
          add(responses, "413", "payload-too-large: the body exceeds 64 KiB");
          add(responses, "415", "unsupported-media-type: send application/json");
        }
        COMMON.forEach((code, description) -> add(responses, code, description));
        // Error responses declared on the resource without content get the problem schema too,
        // and one example per problem slug their description names.
        String path = pathOf(openAPI, item);
        responses
            .getAPIResponses()
            .forEach(
                (code, response) -> {
                  if (code.startsWith("4") || code.startsWith("5")) {
                    if (response.getContent() == null
                        || response.getContent().getMediaTypes().isEmpty()) {
                      response.setContent(problemContent());
                    }
                    addExamples(response, Integer.parseInt(code), path);
                  }
                });
      }
    }
  }

  private static String pathOf(OpenAPI openAPI, PathItem item) {
    return openAPI.getPaths().getPathItems().entrySet().stream()
        .filter(e -> e.getValue() == item)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("/");
  }

  /** Slugs are the words before the first ':' of the description, e.g. "a or b: why". */
  private static void addExamples(APIResponse response, int status, String path) {
    String description = response.getDescription();
    MediaType media = response.getContent().getMediaType(Problem.MEDIA_TYPE);
    if (description == null || media == null || description.indexOf(':') < 0) {
      return;
    }
    String head = description.substring(0, description.indexOf(':'));
    for (String slug : head.split(",\\s*|\\s+or\\s+|\\s*\\(")) {
      slug = slug.trim();
      if (!slug.matches("[a-z]+(-[a-z]+)*")
          || (media.getExamples() != null && media.getExamples().containsKey(slug))) {
        continue;
      }
      Map<String, Object> example = new LinkedHashMap<>();
      example.put("type", Problem.TYPE_BASE + slug);
      example.put("title", title(slug));
      example.put("status", status);
      example.put(
          "detail",
          DETAILS.getOrDefault(slug, description.substring(description.indexOf(':') + 1).trim()));
      example.put("instance", path);
      example.put("requestId", "3f2a6c1e-6a43-4f0b-9a55-0c8f4f6f5e21");
      if ("validation-failed".equals(slug)) {
        example.put("errors", List.of(Map.of("field", "amount", "message", "must be less than or equal to 1000000")));
      }
      media.addExample(slug, OASFactory.createExample().summary(slug).value(example));
    }
  }

  private static String title(String slug) {
    String words = slug.replace('-', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static void add(APIResponses responses, String code, String description) {
    if (responses.hasAPIResponse(code)) {
      return;
    }
    APIResponse response =
        OASFactory.createAPIResponse().description(description).content(problemContent());
    responses.addAPIResponse(code, response);
  }

  private static Content problemContent() {
    MediaType media =
        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
    return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
  }
}
