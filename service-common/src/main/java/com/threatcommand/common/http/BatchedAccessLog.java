package com.threatcommand.common.http;

import com.threatcommand.accesslog.BatchedConsole;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * In production, Quarkus's access log (one line per request, {@code quarkus.http.access-log.*}) is
 * written in batches every {@code access-log.flush-interval}, as the gateway's is: a request only
 * queues its line. Written at once, each line took the console's lock and a write of its own: 7.6 %
 * of a service's CPU under load (async-profiler, deploy/bench's page load). Nothing is dropped; a
 * stop writes what is queued, a SIGKILL loses at most one interval. With an interval of 0 (dev and
 * test), the lines go through the log configuration's own handlers.
 */
@ApplicationScoped
@Startup
public class BatchedAccessLog {
  private final BatchedConsole batched;

  BatchedAccessLog(
      @ConfigProperty(name = "access-log.flush-interval", defaultValue = "0S") Duration interval,
      @ConfigProperty(name = "access-log.max-pending", defaultValue = "16384") int maxPending,
      @ConfigProperty(name = "quarkus.http.access-log.category", defaultValue = "io.quarkus.http.access-log")
          String category,
      @ConfigProperty(name = "quarkus.log.console.format") String format) {
    batched = BatchedConsole.install(category, format, interval, maxPending);
  }

  /** Whether lines are batched (a flush interval is set). */
  public boolean batched() {
    return batched != null;
  }

  /** Writes what is queued; later lines (requests that finish late in the stop) go out at once. */
  void stop(@Observes ShutdownEvent event) {
    if (batched != null) {
      batched.close();
    }
  }
}
