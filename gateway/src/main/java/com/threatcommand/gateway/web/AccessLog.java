package com.threatcommand.gateway.web;

import com.threatcommand.accesslog.BatchedConsole;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One log line per request (method, path, status, duration, caller kind, account, request ID; never
 * a credential, never the query string) and the {@code gateway_requests} timer per route, caller
 * kind and status, with a latency histogram.
 */
@Singleton
@Startup
public class AccessLog {
  private static final String LOG_NAME = "com.threatcommand.gateway.access";
  private static final Logger LOG = Logger.getLogger(LOG_NAME);

  private final MeterRegistry registry;
  private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
  private final BatchedConsole batched;

  AccessLog(
      MeterRegistry registry,
      GatewayConfig config,
      @ConfigProperty(name = "quarkus.log.console.format") String format) {
    this.registry = registry;
    batched =
        BatchedConsole.install(
            LOG_NAME, format, config.accessLog().flushInterval(), config.accessLog().maxPending());
  }

  /** Writes what is queued; later lines are written at once (requests that finish late in the stop). */
  void stop(@Observes ShutdownEvent event) {
    if (batched != null) {
      batched.close();
    }
  }

  void record(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    long nanos = System.nanoTime() - exchange.startNanos;
    int status = ctx.response().getStatusCode();
    if (ctx.response().closed() && !ctx.response().ended()) {
      status = 499; // the client went away before the response was complete
    }
    timer(exchange.route, exchange.callerKind, status).record(nanos, TimeUnit.NANOSECONDS);
    if (LOG.isInfoEnabled()) {
      // built by hand: String.format on every request costs more than the rest of the line
      long micros = nanos / 1000;
      StringBuilder line = new StringBuilder(160);
      line.append(ctx.request().method().name())
          .append(' ')
          .append(ctx.normalizedPath())
          .append(' ')
          .append(status)
          .append(' ')
          .append(micros / 1000)
          .append('.');
      long fraction = micros % 1000;
      if (fraction < 100) {
        line.append('0');
      }
      if (fraction < 10) {
        line.append('0');
      }
      line.append(fraction)
          .append("ms caller=")
          .append(exchange.callerKind)
          .append(" account=")
          .append(exchange.accountId == null ? "-" : exchange.accountId)
          .append(" rid=")
          .append(RequestIds.current(ctx));
      LOG.info(line);
    }
  }

  /** A timer's tags; a record rather than one string made of them for every request. */
  private record TimerKey(String route, String caller, int status) {}

  private Timer timer(String route, String caller, int status) {
    TimerKey key = new TimerKey(route, caller, status);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("gateway.requests")
                      .description("Requests answered by the gateway")
                      .tag("route", route)
                      .tag("caller", caller)
                      .tag("status", Integer.toString(status))
                      .publishPercentileHistogram()
                      .minimumExpectedValue(Duration.ofNanos(100_000))
                      .maximumExpectedValue(Duration.ofSeconds(60))
                      .register(registry));
    }
    return timer;
  }
}
