package com.threatcommand.common.problem;

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
 * 415 where a body is sent. Operations under {@code /internal/} are marked {@code x-internal: true}.
 * Registered with {@code mp.openapi.filter}; a service that wants one example per problem slug
 * extends it and names realistic details in {@link #exampleDetails()}.
 */
public class OpenApiProblems implements OASFilter {
  private static final String PROBLEM_REF = "#/components/schemas/Problem";

  private static final Map<String, String> COMMON =
      Map.of(
          "401", "unauthenticated: no valid internal token",
          "403", "forbidden: the token does not carry the group this operation needs",
          "500", "internal-error",
          "503",
          "upstream-unavailable (Retry-After): the database cannot be reached, or this change of the"
              + " account waited too long for the account's earlier changes; nothing was changed");

  /**
   * The {@code detail} of each slug's example; empty (the default) adds no examples. A slug not
   * named here gets the words after the ':' of its response's description.
   */
  protected Map<String, String> exampleDetails() {
    return Map.of();
  }

  /** The {@code errors} of the {@code validation-failed} example. */
  protected List<Problem.FieldError> exampleErrors() {
    return List.of();
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      PathItem item = path.getValue();
      boolean internal = path.getKey().startsWith("/internal/");
      for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
        Operation operation = entry.getValue();
        if (internal) {
          // For the gateway only; the gateway drops these paths from the merged public document.
          operation.addExtension("x-internal", true);
        }
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
        responses
            .getAPIResponses()
            .forEach(
                (code, response) -> {
                  if (code.startsWith("4") || code.startsWith("5")) {
                    if (response.getContent() == null
                        || response.getContent().getMediaTypes().isEmpty()) {
                      response.setContent(problemContent());
                    }
                    addExamples(response, Integer.parseInt(code), path.getKey());
                  }
                });
      }
    }
  }

  /** Slugs are the words before the first ':' of the description, e.g. "a or b: why". */
  private void addExamples(APIResponse response, int status, String path) {
    Map<String, String> details = exampleDetails();
    String description = response.getDescription();
    MediaType media = response.getContent().getMediaType(Problem.MEDIA_TYPE);
    if (details.isEmpty() || description == null || media == null || description.indexOf(':') < 0) {
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
          details.getOrDefault(slug, description.substring(description.indexOf(':') + 1).trim()));
      example.put("instance", path);
      example.put("requestId", "3f2a6c1e-6a43-4f0b-9a55-0c8f4f6f5e21");
      if ("validation-failed".equals(slug)) {
        example.put(
            "errors",
            exampleErrors().stream()
                .map(e -> Map.of("field", e.field(), "message", e.message()))
                .toList());
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
