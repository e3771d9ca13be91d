package com.threatcommand.subscription.upgrade;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** "Get More": rate limit, the outbox relay's schedule and retries, the email's Message-ID. */
@ConfigMapping(prefix = "upgrade")
public interface UpgradeConfig {
  /** Requests per account per rolling window. */
  @WithDefault("20")
  int rateLimit();

  @WithDefault("1H")
  Duration rateWindow();

  Relay relay();

  /** Domain part of the Message-ID, {@code <upgrade-request.<id>@domain>}. */
  @WithDefault("subscription.threatcommand.io")
  String messageIdDomain();

  interface Relay {
    /** How often the relay looks for due messages (a scheduler interval, e.g. 10s). */
    @WithDefault("10s")
    String every();

    /** Delay of the first pass after start. */
    @WithDefault("5s")
    String initialDelay();

    /** At most this many messages per pass. */
    @WithDefault("20")
    int batchSize();

    /** Wait after the first failed attempt; doubles with each further failure. */
    @WithDefault("30S")
    Duration firstRetry();

    /** The wait between attempts never grows beyond this. */
    @WithDefault("1H")
    Duration maxBackoff();

    /** Retries go on for this long after the request (at least 24 hours), then FAILED. */
    @WithDefault("24H")
    Duration retryFor();

    /** Transaction timeout of one delivery (longer than quarkus.mailer.timeout). */
    @WithDefault("60")
    int transactionTimeoutSeconds();
  }
}
