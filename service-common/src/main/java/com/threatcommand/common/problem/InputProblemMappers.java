package com.threatcommand.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 400 for input that is not what the contract says: Bean Validation violations and every way a JSON
 * body can fail to read (unknown field, wrong type or format, number out of range, not JSON at all),
 * each with the field named.
 */
@Singleton
public class InputProblemMappers {
  private final ProblemWriter writer;

  InputProblemMappers(ProblemWriter writer) {
    this.writer = writer;
  }

  private Response invalid(HttpServerRequest request, String detail, List<Problem.FieldError> errors) {
    return writer.respond(
        request, 400, "validation-failed", "Request validation failed", detail, Map.of(), errors);
  }

  private Response invalidField(HttpServerRequest request, String field, String message) {
    return invalid(request, field + ": " + message, List.of(new Problem.FieldError(field, message)));
  }

  @ServerExceptionMapper
  public Response constraintViolation(
      ConstraintViolationException e, HttpServerRequest request) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(FieldNames.of(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    return invalid(request, detail, errors);
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e, HttpServerRequest request) {
    return invalidField(request, FieldNames.of(e), "unknown field");
  }

  @ServerExceptionMapper
  public Response invalidValue(InvalidFormatException e, HttpServerRequest request) {
    String message =
        e.getTargetType() != null && e.getTargetType().isEnum()
            ? "must be one of "
                + Arrays.stream(e.getTargetType().getEnumConstants())
                    .map(Object::toString)
                    .collect(Collectors.joining(", "))
            : "has the wrong type or format";
    return invalidField(request, FieldNames.of(e), message);
  }

  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
    return mapping(e, request);
  }

  @ServerExceptionMapper
  public Response mapping(DatabindException e, HttpServerRequest request) {
    String field = e instanceof JsonMappingException m ? FieldNames.of(m) : "body";
    return invalidField(request, field, "has the wrong type or format");
  }

  @ServerExceptionMapper
  public Response numberOutOfRange(InputCoercionException e, HttpServerRequest request) {
    return invalid(
        request,
        "A number is out of range.",
        List.of(new Problem.FieldError("body", "number out of range")));
  }

  @ServerExceptionMapper
  public Response malformed(StreamReadException e, HttpServerRequest request) {
    return malformedJson(request);
  }

  @ServerExceptionMapper
  public Response malformedParse(JsonParseException e, HttpServerRequest request) {
    return malformedJson(request);
  }

  Response malformedJson(HttpServerRequest request) {
    return writer.respond(
        request,
        400,
        "malformed-json",
        "Malformed JSON",
        "The request body is not valid JSON.",
        Map.of(),
        null);
  }
}
