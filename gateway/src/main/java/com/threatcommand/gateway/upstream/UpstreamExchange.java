package com.threatcommand.gateway.upstream;

import com.threatcommand.gateway.problem.ProblemWriter;
import com.threatcommand.gateway.web.RequestIds;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One request on its way through: two clocks, so that each delay is put down to whoever caused
 * it. The caller has {@code body-timeout} to send its body (past it: 408, the service is told to
 * drop the request); the service has {@code request-timeout} from the end of that body to start
 * its answer (past it: 504). Everything runs on the request's event loop.
 */
final class UpstreamExchange {
  private static final Logger LOG = Logger.getLogger(Forwarder.class);

  private final Vertx vertx;
  private final ProblemWriter problems;
  private final long requestTimeoutMillis;
  private final long bodyTimeoutMillis;
  private final long maxBodyBytes;
  private final RoutingContext ctx;
  CallerBody body;
  /** Sends the request once more, on another connection (see {@link Forwarder#forward}); or null. */
  Runnable resend;
  /** This is that second sending, on a new connection. */
  boolean resent;
  HttpClientRequest upstreamRequest;
  long bodyTimer = -1;
  long answerTimer = -1;
  boolean bodyEnded;
  boolean bodyTimedOut;
  boolean answerTimedOut;
  /** The service's answer has started (or the exchange failed): neither clock runs any more. */
  private boolean settled;

  UpstreamExchange(
      RoutingContext ctx,
      Vertx vertx,
      ProblemWriter problems,
      long requestTimeoutMillis,
      long bodyTimeoutMillis,
      long maxBodyBytes) {
    this.ctx = ctx;
    this.vertx = vertx;
    this.problems = problems;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.bodyTimeoutMillis = bodyTimeoutMillis;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The caller's body is all here (or there was none): the service's clock starts. */
  void bodyArrived() {
    if (bodyEnded) {
      return;
    }
    bodyEnded = true;
    cancel(bodyTimer);
    if (upstreamRequest != null) {
      startAnswerClock();
    }
  }

  void bodyTooSlow() {
    if (bodyEnded || settled) {
      return;
    }
    bodyTimedOut = true;
    if (upstreamRequest != null) {
      upstreamRequest.reset(0, new TimeoutException("the caller's body did not arrive in time"));
    }
  }

  void startAnswerClock() {
    if (settled) {
      return; // the service answered before the caller's body was all in
    }
    answerTimer =
        vertx.setTimer(
            requestTimeoutMillis,
            id -> {
              answerTimedOut = true;
              upstreamRequest.reset(0, new TimeoutException("upstream did not answer in time"));
            });
  }

  void send(ProxyRequest proxyRequest, HttpClientRequest clientRequest, boolean noStore) {
    clientRequest.exceptionHandler(e -> LOG.debugf("Upstream request ended early: %s", e.getMessage()));
    upstreamRequest = clientRequest;
    if (bodyTimedOut) {
      proxyRequest.release();
      clientRequest.reset();
      fail(UpstreamFailure.TIMEOUT);
      return;
    }
    if (bodyEnded) {
      startAnswerClock();
    }
    proxyRequest
        .send(clientRequest)
        .onComplete(
            ar -> {
              settle();
              if (ar.failed()) {
                proxyRequest.release();
                if (resend != null
                    && bodyEnded // the caller's body is all in the copy (bodyTimedOut: it is not)
                    && !answerTimedOut
                    && !ctx.response().closed()
                    && UpstreamFailure.closedBeforeAnswer(ar.cause())) {
                  LOG.debugf("Connection closed before an answer, sending again: %s", ar.cause().getMessage());
                  Runnable again = resend;
                  resend = null;
                  again.run();
                  return;
                }
                fail(UpstreamFailure.of(ar.cause(), answerTimedOut, resent), ar.cause());
                return;
              }
              ProxyResponse response = ar.result();
              MultiMap headers = response.headers();
              headers.remove(RequestIds.HEADER); // the gateway's own is already set
              headers.remove("Set-Cookie");
              if (noStore || !headers.contains(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
              }
              response
                  .send()
                  .onFailure(
                      e -> {
                        LOG.debugf("Response to the caller broke off: %s", e.getMessage());
                        // the caller's side as the proxy has it (CallerSide): a no-op if the
                        // proxy has already ended the answer
                        HttpServerResponse caller = proxyRequest.proxiedRequest().response();
                        if (!caller.ended() && !caller.closed()) {
                          caller.reset();
                        }
                      });
            });
  }

  void fail(UpstreamFailure failure) {
    fail(failure, null);
  }

  /** Answers the caller with {@code failure}; {@code cause}, if any, goes to the log only. */
  void fail(UpstreamFailure failure, Throwable cause) {
    settle();
    if (ctx.response().closed()) {
      // The caller hung up first (the proxy then drops the upstream exchange): nobody to answer,
      // and no fault of the service. The access log counts it as 499.
      LOG.debugf("The caller went away before the service's answer (%s)", failure.slug());
      return;
    }
    if (ctx.response().ended()) {
      return;
    }
    if (body != null && body.exceeded()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      problems.end(
          ctx,
          413,
          "payload-too-large",
          "Payload too large",
          "The request body exceeds " + (maxBodyBytes / 1024) + " KiB.");
      return;
    }
    if (bodyTimedOut) {
      // The caller's fault, not the service's: a 4xx, and the connection is not kept.
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      problems.end(
          ctx,
          408,
          "request-timeout",
          "Request timeout",
          "The request body did not arrive within " + (bodyTimeoutMillis / 1000) + " s.");
      return;
    }
    if (failure.status() == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
    }
    if (cause == null) {
      LOG.warnf("Upstream failure: %s", failure.slug());
    } else {
      LOG.warnf("Upstream failure: %s (%s)", failure.slug(), cause);
    }
    problems.end(ctx, failure.status(), failure.slug(), failure.title(), failure.detail());
  }

  private void settle() {
    settled = true;
    cancel(bodyTimer);
    cancel(answerTimer);
  }

  private void cancel(long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
