package com.threatcommand.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.common.http.RequestIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds problem+json bodies, for JAX-RS responses and for raw Vert.x routes alike. */
@ApplicationScoped
public class ProblemWriter {
  private final ObjectMapper json;

  ProblemWriter(ObjectMapper json) {
    this.json = json;
  }

  public static Problem problem(
      int status,
      String slug,
      String title,
      String detail,
      String instance,
      String requestId,
      List<Problem.FieldError> errors) {
    return new Problem(
        Problem.TYPE_BASE + slug, title, status, detail, instance, requestId, errors);
  }

  public Response response(Problem problem, Map<String, String> headers) {
    Response.ResponseBuilder builder =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    headers.forEach(builder::header);
    return builder.build();
  }

  /** The JAX-RS response of a problem about this request (its path and request ID). */
  public Response respond(
      HttpServerRequest request,
      int status,
      String slug,
      String title,
      String detail,
      Map<String, String> headers,
      List<Problem.FieldError> errors) {
    String requestId = request.getHeader(RequestIds.HEADER);
    return response(
        problem(status, slug, title, detail, request.path(), requestId, errors), headers);
  }

  /** The JAX-RS response of a problem a service raised. */
  public Response respond(HttpServerRequest request, ProblemException e) {
    return respond(
        request, e.status(), e.slug(), e.title(), e.getMessage(), e.headers(), e.errors());
  }

  /** Ends a Vert.x request with a problem (for errors raised outside JAX-RS). */
  public void end(RoutingContext ctx, int status, String slug, String title, String detail) {
    Problem problem =
        problem(status, slug, title, detail, ctx.request().path(), RequestIds.current(ctx), null);
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      body = "{\"status\":" + status + "}";
    }
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body);
  }
}
