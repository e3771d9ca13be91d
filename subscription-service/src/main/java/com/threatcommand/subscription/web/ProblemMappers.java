package com.threatcommand.subscription.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLTransientConnectionException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure of a JAX-RS request to problem+json (API.md, Conventions). */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final Map<String, String> BEARER_CHALLENGE =
      Map.of("WWW-Authenticate", "Bearer");

  private final ProblemWriter writer;

  ProblemMappers(ProblemWriter writer) {
    this.writer = writer;
  }

  private Response respond(
      HttpServerRequest request,
      int status,
      String slug,
      String title,
      String detail,
      Map<String, String> headers,
      List<Problem.FieldError> errors) {
    String requestId = request.getHeader(RequestIds.HEADER);
    Problem problem =
        ProblemWriter.problem(status, slug, title, detail, request.path(), requestId, errors);
    return writer.response(problem, headers);
  }

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpServerRequest request) {
    return respond(
        request, e.status(), e.slug(), e.title(), e.getMessage(), e.headers(), e.errors());
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthorizedException e, HttpServerRequest request) {
    return respond(
        request,
        401,
        "unauthenticated",
        "Authentication required",
        "A valid bearer token is required.",
        BEARER_CHALLENGE,
        null);
  }

  @ServerExceptionMapper
  public Response authenticationFailed(
      AuthenticationFailedException e, HttpServerRequest request) {
    return respond(
        request,
        401,
        "unauthenticated",
        "Authentication required",
        "The bearer token is missing, invalid or expired.",
        BEARER_CHALLENGE,
        null);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return respond(
        request,
        403,
        "forbidden",
        "Forbidden",
        "Your credentials do not allow this operation.",
        Map.of(),
        null);
  }

  @ServerExceptionMapper
  public Response constraintViolation(
      ConstraintViolationException e, HttpServerRequest request) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    return respond(
        request, 400, "validation-failed", "Request validation failed", detail, Map.of(), errors);
  }

  /** The JSON field or query parameter a violation is about, without the Java method path. */
  static String fieldName(ConstraintViolation<?> violation) {
    StringBuilder name = new StringBuilder();
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.METHOD) {
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER) {
        // A parameter's own name is only meaningful for query/path/header parameters;
        // request bodies are named "body" by the resource methods.
        name.setLength(0);
        name.append(node.getName());
        continue;
      }
      if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
        // An element of a list: "modules[0]", not "modules.<list element>[0]".
        if (node.getIndex() != null) {
          name.append('[').append(node.getIndex()).append(']');
        }
        continue;
      }
      if (node.getName() == null) {
        continue;
      }
      if (name.length() > 0 && name.toString().equals("body")) {
        name.setLength(0);
      } else if (name.length() > 0) {
        name.append('.');
      }
      name.append(node.getName());
      if (node.getIndex() != null) {
        name.append('[').append(node.getIndex()).append(']');
      }
    }
    return name.length() == 0 ? "body" : name.toString();
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e, HttpServerRequest request) {
    String field = jsonPath(e);
    return respond(
        request,
        400,
        "validation-failed",
        "Request validation failed",
        field + ": unknown field",
        Map.of(),
        List.of(new Problem.FieldError(field, "unknown field")));
  }

  @ServerExceptionMapper
  public Response invalidValue(InvalidFormatException e, HttpServerRequest request) {
    String field = jsonPath(e);
    String message =
        e.getTargetType() != null && e.getTargetType().isEnum()
            ? "must be one of "
                + java.util.Arrays.stream(e.getTargetType().getEnumConstants())
                    .map(Object::toString)
                    .collect(Collectors.joining(", "))
            : "has the wrong type or format";
    return respond(
        request,
        400,
        "validation-failed",
        "Request validation failed",
        field + ": " + message,
        Map.of(),
        List.of(new Problem.FieldError(field, message)));
  }

  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
    return mapping(e, request);
  }

  @ServerExceptionMapper
  public Response mapping(DatabindException e, HttpServerRequest request) {
    String field = e instanceof JsonMappingException m ? jsonPath(m) : "body";
    String message = "has the wrong type or format";
    return respond(
        request,
        400,
        "validation-failed",
        "Request validation failed",
        field + ": " + message,
        Map.of(),
        List.of(new Problem.FieldError(field, message)));
  }

  @ServerExceptionMapper
  public Response numberOutOfRange(InputCoercionException e, HttpServerRequest request) {
    return respond(
        request,
        400,
        "validation-failed",
        "Request validation failed",
        "A number is out of range.",
        Map.of(),
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

  private Response malformedJson(HttpServerRequest request) {
    return respond(
        request,
        400,
        "malformed-json",
        "Malformed JSON",
        "The request body is not valid JSON.",
        Map.of(),
        null);
  }

  private static String jsonPath(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return path.isEmpty() ? "body" : path;
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, HttpServerRequest request) {
    return respond(
        request, 404, "not-found", "Not found", "No resource at this path.", Map.of(), null);
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
    String allow = String.join(", ", e.getResponse().getAllowedMethods());
    return respond(
        request,
        405,
        "method-not-allowed",
        "Method not allowed",
        "This path does not accept " + request.method() + ".",
        allow.isEmpty() ? Map.of() : Map.of("Allow", allow),
        null);
  }

  @ServerExceptionMapper
  public Response unsupported(NotSupportedException e, HttpServerRequest request) {
    return respond(
        request,
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "Send the body as application/json.",
        Map.of(),
        null);
  }

  @ServerExceptionMapper
  public Response notAcceptable(NotAcceptableException e, HttpServerRequest request) {
    return respond(
        request,
        406,
        "not-acceptable",
        "Not acceptable",
        "This resource cannot be represented in the requested media type.",
        Map.of(),
        null);
  }

  @ServerExceptionMapper
  public Response databaseDown(JDBCConnectionException e, HttpServerRequest request) {
    return databaseUnavailable(e, request);
  }

  @ServerExceptionMapper
  public Response databaseDown(SQLTransientConnectionException e, HttpServerRequest request) {
    return databaseUnavailable(e, request);
  }

  private Response databaseUnavailable(Exception e, HttpServerRequest request) {
    LOG.warnf("Database unavailable: %s", e.getMessage());
    return respond(
        request,
        503,
        "upstream-unavailable",
        "Service unavailable",
        "The service cannot reach its database. Try again shortly.",
        Map.of("Retry-After", "5"),
        null);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, HttpServerRequest request) {
    // The JSON reader may wrap Jackson's own exception; answer as if it had reached us directly.
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof InputCoercionException coercion) {
        return numberOutOfRange(coercion, request);
      }
      if (cause instanceof DatabindException databind) {
        return mapping(databind, request);
      }
      if (cause instanceof StreamReadException) {
        return malformedJson(request);
      }
      if (cause == cause.getCause()) {
        break;
      }
    }
    int status = e.getResponse().getStatus();
    if (status == 413) {
      return respond(
          request,
          413,
          "payload-too-large",
          "Payload too large",
          "The request body exceeds 64 KiB.",
          Map.of(),
          null);
    }
    if (status >= 500) {
      LOG.error("Request failed", e);
      return internal(request);
    }
    return respond(
        request,
        status,
        status == 401 ? "unauthenticated" : status == 403 ? "forbidden" : "bad-request",
        Response.Status.fromStatusCode(status) != null
            ? Response.Status.fromStatusCode(status).getReasonPhrase()
            : "Request failed",
        "The request could not be processed.",
        status == 401 ? BEARER_CHALLENGE : Map.of(),
        null);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpServerRequest request) {
    Throwable cause = e;
    while (cause != null) {
      if (isDatabaseUnavailable(cause)) {
        return databaseUnavailable((Exception) cause, request);
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    LOG.error("Unexpected failure", e);
    return internal(request);
  }

  /**
   * Whether a failure means "the database cannot be reached" (503, retry) rather than a bug (500):
   * connection exceptions, no connection to be had from the pool, and PostgreSQL's connection
   * (08), operator-intervention (57P: shutdown, terminated backend) and resource (53) classes.
   */
  static boolean isDatabaseUnavailable(Throwable t) {
    if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
      return true;
    }
    if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
      String state = sql.getSQLState();
      return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }
    return t instanceof org.hibernate.JDBCException jdbc
        && jdbc.getMessage() != null
        && jdbc.getMessage().startsWith("Unable to acquire JDBC Connection");
  }

  private Response internal(HttpServerRequest request) {
    return respond(
        request,
        500,
        "internal-error",
        "Internal error",
        "Something went wrong on our side. Quote the request ID when you contact support.",
        Map.of(),
        null);
  }
}
