package com.threatcommand.subscription.support;

import static org.awaitility.Awaitility.await;

import com.threatcommand.subscription.upgrade.OutboxRelay;
import io.quarkus.scheduler.Scheduler;
import java.time.Duration;

/** Lets a test drive the outbox relay by hand: pauses the scheduled job and waits until idle. */
public final class RelayControl {
  private RelayControl() {}

  public static void takeOver(Scheduler scheduler, OutboxRelay relay) {
    scheduler.pause(OutboxRelay.JOB);
    await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(50))
        .until(() -> relay.activePasses() == 0);
  }

  public static void handBack(Scheduler scheduler) {
    scheduler.resume(OutboxRelay.JOB);
  }
}
