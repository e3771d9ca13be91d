package com.threatcommand.subscription.idempotency;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes idempotency keys once they are older than the retention (at least 24 hours). */
@ApplicationScoped
public class IdempotencyPurge {
  private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);

  private final IdempotencyStore store;

  IdempotencyPurge(IdempotencyStore store) {
    this.store = store;
  }

  @Scheduled(
      identity = "idempotency-purge",
      every = "${idempotency.purge-every:1H}",
      delayed = "1M",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purge() {
    int purged = store.purgeExpired();
    if (purged > 0) {
      LOG.infof("Purged %d expired idempotency keys", purged);
    }
  }
}
