package com.threatcommand.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.gateway.web.RequestIds;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/** Writes problem+json for every error the gateway itself produces. */
@Singleton
public class ProblemWriter {
  private final ObjectMapper json;

  ProblemWriter(ObjectMapper json) {
    this.json = json;
  }

  /** The problem document as bytes. */
  public Buffer body(int status, String slug, String title, String detail, String instance, String requestId) {
    Problem problem =
        new Problem(Problem.TYPE_BASE + slug, title, status, detail, instance, requestId);
    try {
      return Buffer.buffer(json.writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      return Buffer.buffer("{\"status\":" + status + "}");
    }
  }

  /** Ends the request with a problem; extra headers (WWW-Authenticate, Retry-After) set first. */
  public void end(RoutingContext ctx, int status, String slug, String title, String detail) {
    end(ctx.request(), RequestIds.current(ctx), status, slug, title, detail);
  }

  public void end(
      HttpServerRequest request,
      String requestId,
      int status,
      String slug,
      String title,
      String detail) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.headWritten()) {
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    // Whatever body the client is still sending is read and dropped, so the connection stays usable.
    if (!request.isEnded()) {
      request.resume();
    }
    Buffer body = body(status, slug, title, detail, request.path(), requestId);
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }
}
