package com.threatcommand.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.junit.jupiter.api.Test;

/** Every operation documents its problem responses; a service may add one example per slug. */
class OpenApiProblemsTest {
  private static OpenAPI document() {
    Operation create =
        OASFactory.createOperation()
            .requestBody(OASFactory.createRequestBody())
            .responses(
                OASFactory.createAPIResponses()
                    .addAPIResponse(
                        "409",
                        OASFactory.createAPIResponse()
                            .description("thing-exists or thing-locked: there is one already")));
    Operation read = OASFactory.createOperation();
    Operation verify = OASFactory.createOperation();
    return OASFactory.createOpenAPI()
        .paths(
            OASFactory.createPaths()
                .addPathItem("/api/v1/things", OASFactory.createPathItem().POST(create).GET(read))
                .addPathItem("/internal/things/verify", OASFactory.createPathItem().POST(verify)));
  }

  private static MediaType problem(APIResponses responses, String code) {
    return responses.getAPIResponse(code).getContent().getMediaType(Problem.MEDIA_TYPE);
  }

  @Test
  void everyOperationDocumentsItsProblemResponses() {
    OpenAPI openAPI = document();
    new OpenApiProblems().filterOpenAPI(openAPI);
    var things = openAPI.getPaths().getPathItem("/api/v1/things");
    APIResponses create = things.getPOST().getResponses();
    for (String code : List.of("400", "401", "403", "409", "413", "415", "500", "503")) {
      assertEquals(
          "#/components/schemas/Problem", problem(create, code).getSchema().getRef(), code);
    }
    assertNull(problem(create, "409").getExamples(), "no examples unless a service names them");
    APIResponses read = things.getGET().getResponses();
    assertEquals(List.of("401", "403", "500", "503"), List.copyOf(new TreeSet<>(read.getAPIResponses().keySet())));
    assertNull(things.getPOST().getExtensions());
  }

  @Test
  void internalOperationsAreMarkedForTheGatewayToDrop() {
    OpenAPI openAPI = document();
    new OpenApiProblems().filterOpenAPI(openAPI);
    Operation verify = openAPI.getPaths().getPathItem("/internal/things/verify").getPOST();
    assertEquals(Map.of("x-internal", true), verify.getExtensions());
  }

  @Test
  void aServiceWithExampleDetailsGetsOneExamplePerSlug() {
    OpenAPI openAPI = document();
    new OpenApiProblems() {
      @Override
      protected Map<String, String> exampleDetails() {
        return Map.of("thing-exists", "There is a thing already.");
      }

      @Override
      protected List<Problem.FieldError> exampleErrors() {
        return List.of(new Problem.FieldError("name", "must not be blank"));
      }
    }.filterOpenAPI(openAPI);
    APIResponses create = openAPI.getPaths().getPathItem("/api/v1/things").getPOST().getResponses();

    var conflicts = problem(create, "409").getExamples();
    assertEquals(List.of("thing-exists", "thing-locked"), List.copyOf(new TreeSet<>(conflicts.keySet())));
    @SuppressWarnings("unchecked")
    Map<String, Object> exists = (Map<String, Object>) conflicts.get("thing-exists").getValue();
    assertEquals(Problem.TYPE_BASE + "thing-exists", exists.get("type"));
    assertEquals("Thing exists", exists.get("title"));
    assertEquals(409, exists.get("status"));
    assertEquals("There is a thing already.", exists.get("detail"));
    assertEquals("/api/v1/things", exists.get("instance"));
    @SuppressWarnings("unchecked")
    Map<String, Object> locked = (Map<String, Object>) conflicts.get("thing-locked").getValue();
    assertEquals("there is one already", locked.get("detail"), "the description's reason");

    @SuppressWarnings("unchecked")
    Map<String, Object> invalid =
        (Map<String, Object>) problem(create, "400").getExamples().get("validation-failed").getValue();
    assertEquals(List.of(Map.of("field", "name", "message", "must not be blank")), invalid.get("errors"));
    assertNull(problem(create, "500").getExamples(), "a description without a reason: no example");
  }
}
