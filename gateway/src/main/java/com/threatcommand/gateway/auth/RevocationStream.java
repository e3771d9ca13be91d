package com.threatcommand.gateway.auth;

import com.threatcommand.gateway.upstream.Upstream;
import com.threatcommand.gateway.upstream.Upstreams;
import com.threatcommand.gateway.web.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Subscribes to credentials-service's revocation stream (contracts.md) and keeps the key cache
 * honest: {@code ready} starts a new generation (the cache is cleared), {@code revoked} drops the
 * key at once, {@code ping} proves the stream alive. Without an event for {@code stream-stale-after}
 * the stream is considered down and reopened; reconnects back off up to {@code stream-max-backoff}.
 */
@Singleton
public class RevocationStream {
  private static final Logger LOG = Logger.getLogger(RevocationStream.class);
  static final String PATH = "/internal/v1/keys/revocations";

  private final Vertx vertx;
  private final Upstream credentials;
  private final InternalTokens tokens;
  private final KeyCache cache;
  private final long staleNanos;
  private final long maxBackoffMillis;

  private volatile boolean ready;
  private volatile long lastEventNanos;
  private volatile long generation;
  private volatile boolean stopped;
  private long backoffMillis = 100;
  private volatile HttpClientRequest current;
  private long watchdog = -1;

  RevocationStream(
      Vertx vertx, Upstreams upstreams, InternalTokens tokens, KeyCache cache, GatewayConfig config) {
    this.vertx = vertx;
    this.credentials = upstreams.credentials();
    this.tokens = tokens;
    this.cache = cache;
    this.staleNanos = config.keys().streamStaleAfter().toNanos();
    this.maxBackoffMillis = config.keys().streamMaxBackoff().toMillis();
  }

  void start(@Observes StartupEvent event) {
    watchdog = vertx.setPeriodic(1000, id -> checkAlive());
    vertx.runOnContext(v -> connect());
  }

  void stop(@Observes ShutdownEvent event) {
    stopped = true;
    if (watchdog >= 0) {
      vertx.cancelTimer(watchdog);
    }
    vertx.runOnContext(v -> close());
  }

  /** True while the stream has said {@code ready} and an event came within the staleness limit. */
  public boolean live() {
    return ready && System.nanoTime() - lastEventNanos < staleNanos;
  }

  /** Incremented at each {@code ready}: cache entries of an older generation are not trusted. */
  public long generation() {
    return generation;
  }

  private synchronized void connect() {
    if (stopped) {
      return;
    }
    RequestOptions options =
        credentials
            .request(HttpMethod.GET, PATH)
            .setIdleTimeout(staleNanos / 1_000_000)
            .putHeader("Accept", "text/event-stream")
            .putHeader("Authorization", "Bearer " + tokens.tokenFor(Caller.GATEWAY, credentials.audience()));
    credentials
        .client()
        .request(options)
        .onSuccess(
            request -> {
              current = request;
              request.exceptionHandler(e -> disconnected(request, e.getMessage()));
              request
                  .send()
                  .onSuccess(response -> opened(request, response))
                  .onFailure(e -> disconnected(request, e.getMessage()));
            })
        .onFailure(e -> disconnected(null, e.getMessage()));
  }

  private void opened(HttpClientRequest request, HttpClientResponse response) {
    String type = response.getHeader("Content-Type");
    if (response.statusCode() != 200 || type == null || !type.startsWith("text/event-stream")) {
      response.body(); // drain
      disconnected(request, "answered " + response.statusCode());
      return;
    }
    Event event = new Event();
    RecordParser lines =
        RecordParser.newDelimited("\n", line -> event.line(line, this));
    lines.maxRecordSize(64 * 1024);
    response.handler(lines);
    response.exceptionHandler(e -> disconnected(request, e.getMessage()));
    response.endHandler(v -> disconnected(request, "ended"));
  }

  /** The event being read (server-sent events: "event:" and "data:" lines, a blank line ends it). */
  private static final class Event {
    private String name = "message";
    private final StringBuilder data = new StringBuilder();

    void line(Buffer buffer, RevocationStream stream) {
      String line = buffer.toString();
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        stream.dispatch(name, data.toString());
        name = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line.substring(5).trim());
      }
      // comments (":") and other fields (id, retry) carry nothing we need
    }
  }

  synchronized void dispatch(String name, String data) {
    lastEventNanos = System.nanoTime();
    switch (name) {
      case "ready" -> {
        cache.clear();
        generation++;
        ready = true;
        backoffMillis = 100;
        LOG.info("Revocation stream connected");
      }
      case "revoked" -> {
        try {
          String keyId = new JsonObject(data).getString("keyId");
          if (keyId != null) {
            cache.revoke(keyId);
            LOG.infof("Key %s revoked", keyId);
          }
        } catch (RuntimeException e) {
          LOG.warn("Unreadable revocation event; clearing the key cache");
          cache.clear();
        }
      }
      default -> {
        // ping, or an event we do not know: proof of life only
      }
    }
  }

  private synchronized void disconnected(HttpClientRequest request, String why) {
    if (request != null && request != current) {
      return; // an older connection reporting late
    }
    if (request != null) {
      current = null;
      request.reset();
    }
    boolean wasReady = ready;
    ready = false;
    if (wasReady) {
      LOG.warnf("Revocation stream lost (%s); reconnecting", why);
    } else if (LOG.isDebugEnabled()) {
      LOG.debugf("Revocation stream not available (%s)", why);
    }
    if (stopped) {
      return;
    }
    long delay = backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
    backoffMillis = Math.min(maxBackoffMillis, backoffMillis * 2);
    vertx.setTimer(delay, id -> connect());
  }

  private void checkAlive() {
    HttpClientRequest request = current;
    if (ready && request != null && System.nanoTime() - lastEventNanos >= staleNanos) {
      disconnected(request, "no event for too long");
    }
  }

  private void close() {
    HttpClientRequest request = current;
    current = null;
    ready = false;
    if (request != null) {
      request.reset();
    }
  }
}
