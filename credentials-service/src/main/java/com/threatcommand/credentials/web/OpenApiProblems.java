package com.threatcommand.credentials.web;

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
 * Registered with {@code mp.openapi.filter}.
 */
public class OpenApiProblems implements OASFilter {
  private static final String PROBLEM_REF = "#/components/schemas/Problem";

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
        // Error responses declared on the resource without content get the problem schema too.
        responses
            .getAPIResponses()
            .forEach(
                (code, response) -> {
                  if (code.startsWith("4") || code.startsWith("5")) {
                    if (response.getContent() == null
                        || response.getContent().getMediaTypes().isEmpty()) {
                      response.setContent(problemContent());
                    }
                  }
                });
      }
    }
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
