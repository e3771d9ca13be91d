package com.threatcommand.common.problem;

import java.util.List;
import java.util.Map;

/**
 * An error that ends the request with a problem+json response. Thrown by services; mapped by
 * {@link ServiceProblemMappers}. The message is the {@code detail}: it is shown to callers, so it must never
 * hold a secret, a class name or SQL.
 */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String title;
  private final Map<String, String> headers;
  private final List<Problem.FieldError> errors;

  public ProblemException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, Map.of(), null);
  }

  public ProblemException(
      int status,
      String slug,
      String title,
      String detail,
      Map<String, String> headers,
      List<Problem.FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.headers = headers;
    this.errors = errors;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }

  public static ProblemException validation(String field, String message) {
    return new ProblemException(
        400,
        "validation-failed",
        "Request validation failed",
        field + ": " + message,
        Map.of(),
        List.of(new Problem.FieldError(field, message)));
  }

  /** A validation failure naming every field that is wrong. */
  public static ProblemException validation(List<Problem.FieldError> errors) {
    String detail =
        String.join(
            "; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
    return new ProblemException(
        400, "validation-failed", "Request validation failed", detail, Map.of(), errors);
  }

  public static ProblemException notFound(String slug, String detail) {
    return new ProblemException(404, slug, "Not found", detail);
  }

  public static ProblemException conflict(String slug, String title, String detail) {
    return new ProblemException(409, slug, title, detail);
  }
}
