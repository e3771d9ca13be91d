package com.threatcommand.subscription.upgrade;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends the emails that upgrade requests owe to Sales (the transactional outbox's relay).
 *
 * <p><b>Guarantee.</b> Every request is delivered at least once, or marked FAILED after retries
 * for at least {@code upgrade.relay.retry-for} (24 hours). One delivery is one transaction that
 *
 * <ol>
 *   <li>claims the oldest due PENDING outbox row with {@code SELECT ... FOR UPDATE SKIP LOCKED}
 *       (a row lock held until the end of the transaction: no other relay, on this replica or
 *       another, can take the same row meanwhile; they skip it and take the next one),
 *   <li>sends the email over SMTP and waits for the server's acceptance,
 *   <li>marks the outbox row and the request SENT, and commits.
 * </ol>
 *
 * If sending fails, the same transaction records the attempt and schedules the next one with
 * exponential backoff ({@code first-retry} doubling up to {@code max-backoff}, the last attempt at
 * the end of the retry window), or marks FAILED once the window is over; the pass then stops, since
 * the SMTP server is probably down. If the process dies (or loses its database connection) before
 * the commit, PostgreSQL rolls the transaction back: the row is still PENDING and due, and is sent
 * again by the next pass of any replica. So a second copy arises only if the process dies between
 * the SMTP server's acceptance and the commit; every copy carries the same {@code Message-ID}
 * ({@code <upgrade-request.<id>@domain>}) so that mail systems can drop it. Nothing is ever lost:
 * a request's outbox row is committed with the request, and it leaves PENDING only in the
 * transaction that records a successful send or the end of its retries.
 *
 * <p>Several replicas may run this at once; each delivers different rows. A pass holds one database
 * connection and one row lock at a time, for no longer than one SMTP exchange ({@code
 * quarkus.mailer.timeout}) within the transaction timeout.
 */
@ApplicationScoped
public class OutboxRelay {
  public static final String JOB = "upgrade-outbox-relay";
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private enum Result {
    NOTHING_DUE,
    SENT,
    FAILED_ATTEMPT
  }

  private final EntityManager em;
  private final Mailer mailer;
  private final SalesMail salesMail;
  private final UpgradeConfig config;
  private final Clock clock;
  private final Event<MailAccepted> accepted;
  private final MeterRegistry metrics;
  private final AtomicInteger activePasses = new AtomicInteger();

  OutboxRelay(
      EntityManager em,
      Mailer mailer,
      SalesMail salesMail,
      UpgradeConfig config,
      Clock clock,
      Event<MailAccepted> accepted,
      MeterRegistry metrics) {
    this.em = em;
    this.mailer = mailer;
    this.salesMail = salesMail;
    this.config = config;
    this.clock = clock;
    this.accepted = accepted;
    this.metrics = metrics;
  }

  @Scheduled(
      identity = JOB,
      every = "${upgrade.relay.every:10s}",
      delayed = "${upgrade.relay.initial-delay:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    relayDue();
  }

  /** One pass: delivers due messages until none is due, the batch is done, or a send failed. */
  public int relayDue() {
    activePasses.incrementAndGet();
    try {
      int handled = 0;
      while (handled < config.relay().batchSize()) {
        Result result =
            QuarkusTransaction.requiringNew()
                .timeout(config.relay().transactionTimeoutSeconds())
                .call(this::deliverNext);
        if (result == Result.NOTHING_DUE) {
          break;
        }
        handled++;
        if (result == Result.FAILED_ATTEMPT) {
          break;
        }
      }
      return handled;
    } finally {
      activePasses.decrementAndGet();
    }
  }

  /** How many passes are running in this process right now. */
  public int activePasses() {
    return activePasses.get();
  }

  private Result deliverNext() {
    Instant now = clock.instant();
    @SuppressWarnings("unchecked")
    List<UUID> due =
        em.createNativeQuery(
                "select id from outbox_message where status = 'PENDING' and next_attempt_at <="
                    + " :now order by next_attempt_at, id limit 1 for update skip locked",
                UUID.class)
            .setParameter("now", now)
            .getResultList();
    if (due.isEmpty()) {
      return Result.NOTHING_DUE;
    }
    OutboxMessage message = em.find(OutboxMessage.class, due.get(0));
    UpgradeRequest request =
        em.createQuery("from UpgradeRequest where id = :id", UpgradeRequest.class)
            .setParameter("id", message.requestId)
            .getSingleResult();
    message.attempts++;
    Mail mail;
    try {
      mail = salesMail.compose(request);
      mailer.send(mail);
    } catch (RuntimeException e) {
      recordFailure(message, request, e, clock.instant());
      return Result.FAILED_ATTEMPT;
    }
    // Accepted by the SMTP server. Until the commit below, a crash means a second copy later.
    accepted.fire(new MailAccepted(request.id, salesMail.messageId(request)));
    Instant sentAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    message.status = DeliveryStatus.SENT;
    message.sentAt = sentAt;
    message.lastError = null;
    request.status = DeliveryStatus.SENT;
    request.sentAt = sentAt;
    metrics.counter("upgrade_requests_mail", "outcome", "sent").increment();
    LOG.infof(
        "Sent upgrade request %s of account %s to Sales (attempt %d)",
        request.id, request.accountId, message.attempts);
    return Result.SENT;
  }

  private void recordFailure(
      OutboxMessage message, UpgradeRequest request, RuntimeException e, Instant now) {
    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    message.lastError = reason.length() > 500 ? reason.substring(0, 500) : reason;
    if (!now.isBefore(message.retryUntil)) {
      message.status = DeliveryStatus.FAILED;
      request.status = DeliveryStatus.FAILED;
      metrics.counter("upgrade_requests_mail", "outcome", "failed").increment();
      LOG.errorf(
          "Giving up on upgrade request %s of account %s after %d attempts: %s",
          request.id, request.accountId, message.attempts, message.lastError);
      return;
    }
    Instant next = now.plus(backoff(message.attempts));
    message.nextAttemptAt = next.isAfter(message.retryUntil) ? message.retryUntil : next;
    metrics.counter("upgrade_requests_mail", "outcome", "retry").increment();
    LOG.warnf(
        "Could not send upgrade request %s (attempt %d), next attempt at %s: %s",
        request.id, message.attempts, message.nextAttemptAt, message.lastError);
  }

  /** first-retry * 2^(attempts-1), capped at max-backoff. */
  Duration backoff(int attempts) {
    Duration first = config.relay().firstRetry();
    Duration max = config.relay().maxBackoff();
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    Duration wait = first.multipliedBy(1L << doublings);
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
