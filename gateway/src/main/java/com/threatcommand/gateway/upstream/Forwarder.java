package com.threatcommand.gateway.upstream;

import com.threatcommand.gateway.problem.ProblemWriter;
import com.threatcommand.gateway.web.GatewayConfig;
import com.threatcommand.gateway.web.RequestIds;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a request to an upstream and its response back, with vertx-http-proxy's
 * {@link ProxyRequest}/{@link ProxyResponse} (which drop hop-by-hop headers and keep bodies
 * streaming). {@code HttpProxy.handle} itself is not used because it answers every failure with an
 * empty 502; here a connection that cannot be made is a 503 problem, an answer that does not start
 * within {@code request-timeout} of the caller's last byte a 504, a caller whose body takes longer
 * than {@code body-timeout} a 408, anything else broken a 502, and a chunked body over the limit a
 * 413.
 *
 * <p>The caller's {@code Authorization} and {@code Cookie} never reach a service, nor any
 * forwarding or identity header the caller set: the gateway sets those itself.
 */
@Singleton
public class Forwarder {
  /** Exact header names removed from what the caller sent (lower case). */
  private static final List<String> DROPPED =
      List.of(
          "authorization",
          "cookie",
          "proxy-authorization",
          "forwarded",
          "x-real-ip",
          "true-client-ip",
          "x-client-ip",
          "x-cluster-client-ip",
          "x-envoy-external-address",
          "via");

  /** Header name prefixes that look like identity or forwarding and are removed (lower case). */
  private static final List<String> DROPPED_PREFIXES =
      List.of(
          "x-forwarded-",
          "x-original-",
          "x-auth",
          "x-user",
          "x-account",
          "x-tenant",
          "x-identity",
          "x-internal",
          "x-caller",
          "x-remote-",
          "x-jwt",
          "x-api-key",
          "x-appliance",
          "x-gateway",
          "x-principal",
          "x-roles",
          "x-groups",
          "x-subject",
          "x-email");

  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final Vertx vertx;
  private final ProblemWriter problems;
  private final long connectTimeoutMillis;
  private final long requestTimeoutMillis;
  private final long maxBodyBytes;
  private final long bodyTimeoutMillis;

  Forwarder(Vertx vertx, ProblemWriter problems, GatewayConfig config) {
    this.vertx = vertx;
    this.problems = problems;
    this.connectTimeoutMillis = config.upstreams().connectTimeout().toMillis();
    this.requestTimeoutMillis = config.upstreams().requestTimeout().toMillis();
    this.maxBodyBytes = config.maxBodySize().asLongValue();
    this.bodyTimeoutMillis = config.bodyTimeout().toMillis();
  }

  /**
   * Sends the request on to {@code upstream} as {@code uri}, with the internal token.
   *
   * <p>A request whose connection to the service closes before any answer is sent once more, on a
   * new connection, when a second sending cannot do twice what the caller asked (see {@link
   * #safeToSendAgain}) and the caller's body, if any, had arrived in full. That is the keep-alive
   * race: a service that is stopping (a rolling update) closes its idle connections, and a request
   * the gateway put on one of them in the same milliseconds never reached it. Not a key generation
   * or rotation (its answer holds a key shown once), not a write without an {@code Idempotency-Key},
   * not one that timed out, and not a second time. Each is counted in {@code
   * gateway.upstream.resent}, by service. If the new connection closes too (the service's listener
   * still accepts while it stops), the answer is 503 {@code upstream-unavailable}.
   *
   * @param noStore the response may carry a secret: {@code Cache-Control: no-store} is enforced
   */
  public void forward(
      RoutingContext ctx, Upstream upstream, String internalToken, String uri, boolean noStore) {
    attempt(ctx, upstream, internalToken, uri, noStore, null);
  }

  /**
   * Whether the service can be sent {@code request} a second time without doing twice what it
   * asks: a {@code GET}, {@code HEAD}, {@code PUT} or {@code DELETE} (idempotent by HTTP's
   * definition, as they are in this API: a second revocation finds no key, a second provisioning
   * sets the same), or another write that carries an {@code Idempotency-Key} to a service that
   * keeps each such write's answer under it (the second sending gets the first one's answer).
   */
  static boolean safeToSendAgain(HttpServerRequest request, Upstream upstream) {
    HttpMethod method = request.method();
    if (method == HttpMethod.GET
        || method == HttpMethod.HEAD
        || method == HttpMethod.PUT
        || method == HttpMethod.DELETE) {
      return true;
    }
    String key = request.getHeader(IDEMPOTENCY_KEY);
    return upstream.keepsIdempotencyKeys() && key != null && !key.isBlank();
  }

  /**
   * @param again null for the first sending; for the second, the caller's body (empty if none)
   */
  private void attempt(
      RoutingContext ctx,
      Upstream upstream,
      String internalToken,
      String uri,
      boolean noStore,
      Buffer again) {
    HttpServerRequest request = ctx.request();
    ProxyRequest proxyRequest = ProxyRequest.reverseProxy(CallerSide.of(request));
    proxyRequest.setURI(uri);
    MultiMap headers = proxyRequest.headers();
    scrub(headers);
    headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + internalToken);
    headers.set(RequestIds.HEADER, RequestIds.current(ctx));
    headers.set("X-Forwarded-For", request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
    headers.set("X-Forwarded-Proto", "https".equals(request.scheme()) ? "https" : "http");
    if (request.authority() != null) {
      headers.set("X-Forwarded-Host", request.authority().toString());
    }
    UpstreamExchange exchange =
        new UpstreamExchange(ctx, vertx, problems, requestTimeoutMillis, bodyTimeoutMillis, maxBodyBytes);
    if (again != null) {
      // The caller's side of it has ended, and is not to stay paused (the proxy paused it to
      // stream a body that was read the first time): the body goes from the copy.
      proxyRequest.getBody().stream().resume();
      proxyRequest.setBody(Body.body(again));
      exchange.bodyArrived();
      exchange.resent = true;
    } else {
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      boolean unknownLength = length == null && isChunked(request);
      boolean noBody = !unknownLength && (length == null || length.equals("0"));
      boolean sendable = safeToSendAgain(request, upstream);
      Body original = proxyRequest.getBody();
      CallerBody body =
          new CallerBody(
              original.stream(),
              unknownLength ? maxBodyBytes : Long.MAX_VALUE,
              exchange::bodyArrived,
              sendable);
      exchange.body = body;
      proxyRequest.setBody(Body.body(body, original.length()));
      if (noBody || request.isEnded()) {
        exchange.bodyArrived(); // nothing a caller could be slow to send: one clock only
      } else {
        exchange.bodyTimer = vertx.setTimer(bodyTimeoutMillis, id -> exchange.bodyTooSlow());
      }
      if (sendable) {
        exchange.resend =
            () -> attempt(ctx, upstream, internalToken, uri, noStore, body.copy());
      }
    }
    RequestOptions options =
        new RequestOptions()
            .setServer(upstream.address())
            .setHost(upstream.host())
            .setPort(upstream.port())
            .setSsl(upstream.ssl())
            .setConnectTimeout(connectTimeoutMillis)
            // a backstop only: the timers below decide, and name the right party
            .setIdleTimeout(requestTimeoutMillis + bodyTimeoutMillis);
    (again == null ? upstream.client() : upstream.resendClient())
        .request(options)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                proxyRequest.release();
                exchange.fail(UpstreamFailure.of(ar.cause(), false), ar.cause());
                return;
              }
              exchange.send(proxyRequest, ar.result(), noStore);
            });
  }

  private static boolean isChunked(HttpServerRequest request) {
    String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
    return encoding != null && encoding.toLowerCase().contains("chunked");
  }

  /** Removes every header the caller may not set for a service. */
  static void scrub(MultiMap headers) {
    List<String> remove = null;
    for (String name : headers.names()) {
      if (dropped(name)) {
        if (remove == null) {
          remove = new ArrayList<>(4);
        }
        remove.add(name);
      }
    }
    if (remove != null) {
      for (String name : remove) {
        headers.remove(name);
      }
    }
  }

  static boolean dropped(String name) {
    for (String exact : DROPPED) {
      if (exact.length() == name.length() && exact.equalsIgnoreCase(name)) {
        return true;
      }
    }
    if (name.length() > 2 && (name.charAt(0) == 'x' || name.charAt(0) == 'X') && name.charAt(1) == '-') {
      for (String prefix : DROPPED_PREFIXES) {
        if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
          return true;
        }
      }
    }
    return false;
  }
}
