package com.threatcommand.gateway.upstream;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * How a failed exchange with an upstream is told to the caller: 503 {@code upstream-unavailable}
 * when it cannot be reached, 504 {@code upstream-timeout} when it does not answer in time, 502
 * {@code bad-gateway} when it answers with something that is not HTTP or drops the connection.
 */
public record UpstreamFailure(int status, String slug, String title, String detail) {

  public static final UpstreamFailure UNAVAILABLE =
      new UpstreamFailure(
          503,
          "upstream-unavailable",
          "Service unavailable",
          "A service behind the gateway cannot be reached. Try again shortly.");
  public static final UpstreamFailure TIMEOUT =
      new UpstreamFailure(
          504,
          "upstream-timeout",
          "Gateway timeout",
          "A service behind the gateway did not answer in time. Try again shortly.");
  public static final UpstreamFailure BAD_GATEWAY =
      new UpstreamFailure(
          502,
          "bad-gateway",
          "Bad gateway",
          "A service behind the gateway gave an invalid answer. Try again shortly.");

  /**
   * Whether {@code failure} is the service's end of the connection closing (or resetting) under a
   * request, with no answer started: what a request put on a keep-alive connection that the
   * service was closing at that moment sees. Not a timeout, and not a reset of the gateway's own.
   */
  public static boolean closedBeforeAnswer(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof StreamResetException || t instanceof ConnectException) {
        return false;
      }
      if (t instanceof HttpClosedException || t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * As {@link #of(Throwable, boolean)}, for a request that may have been sent a second time: a
   * second connection closed under it as well means the service is going away (503), not that it
   * answered badly.
   */
  public static UpstreamFailure of(Throwable failure, boolean timedOut, boolean resent) {
    return resent && !timedOut && closedBeforeAnswer(failure) ? UNAVAILABLE : of(failure, timedOut);
  }

  public static UpstreamFailure of(Throwable failure, boolean timedOut) {
    if (timedOut) {
      return TIMEOUT;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectTimeoutException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return UNAVAILABLE;
      }
      if (t instanceof TimeoutException) {
        String message = t.getMessage();
        // Vert.x reports "no connection could be obtained in time" as a timeout too.
        return message != null && message.contains("connect") ? UNAVAILABLE : TIMEOUT;
      }
      if (t instanceof StreamResetException) {
        return BAD_GATEWAY;
      }
    }
    String message = failure == null ? null : failure.getMessage();
    if (message != null && (message.contains("Connection refused") || message.contains("connect"))) {
      return UNAVAILABLE;
    }
    return BAD_GATEWAY;
  }
}
