package com.threatcommand.gateway.upstream;

import io.quarkus.vertx.http.runtime.filters.AbstractResponseWrapper;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpServerRequestWrapper;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The caller's request as vertx-http-proxy sees it: the same, except that when writing the answer
 * to an HTTP/1.x caller fails (the caller hung up), the connection is closed rather than the
 * response reset. {@code reset()} marks the response closed before the connection's close event
 * is handled, and Vert.x then skips the response's close and end handlers: Quarkus never counted
 * the request as done, so every stop after a caller had hung up mid-answer waited the whole
 * {@code quarkus.shutdown.timeout} (20 s) and logged "Timed out waiting for graceful shutdown".
 * Closing the connection ends the exchange the same way for the caller, and the close event then
 * runs those handlers. HTTP/2 streams are reset as before: their connection is shared.
 */
final class CallerSide extends HttpServerRequestWrapper {
  private final HttpServerResponse response;

  private CallerSide(HttpServerRequestInternal request) {
    super(request);
    this.response = new Response(request.response(), request);
  }

  /** {@code request} as vertx-http-proxy should see it. */
  static HttpServerRequest of(HttpServerRequest request) {
    return request instanceof HttpServerRequestInternal internal && request.version() != HttpVersion.HTTP_2
        ? new CallerSide(internal)
        : request;
  }

  @Override
  public HttpServerResponse response() {
    return response;
  }

  private static final class Response extends AbstractResponseWrapper {
    private final HttpServerRequest request;
    private boolean brokenOff;

    Response(HttpServerResponse delegate, HttpServerRequest request) {
      super(delegate);
      this.request = request;
    }

    @Override
    public boolean reset() {
      return breakOff();
    }

    @Override
    public boolean reset(long code) {
      return breakOff();
    }

    /** Ends a broken-off answer by closing the connection, once (see the class). */
    private boolean breakOff() {
      if (brokenOff || ended() || closed()) {
        return false;
      }
      brokenOff = true;
      HttpConnection connection = request.connection();
      if (connection instanceof ConnectionBase base && !base.channel().isActive()) {
        // Already gone (the write failed for that): its close event, still to come, ends the
        // exchange. Closing it again would write on a dead channel (Netty's "Failed to mark a
        // promise as failure").
        return false;
      }
      connection.close();
      return true;
    }
  }
}
