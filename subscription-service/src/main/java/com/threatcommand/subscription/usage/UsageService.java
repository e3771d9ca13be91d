package com.threatcommand.subscription.usage;

import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.subscription.account.Subscription;
import com.threatcommand.subscription.account.SubscriptionService;
import com.threatcommand.subscription.account.SubscriptionView;
import com.threatcommand.subscription.credits.CreditService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Usage counters. Each change is one conditional UPDATE of the subscription row, so concurrent
 * callers can never push {@code used} past {@code limit} nor below zero. Consuming needs an active
 * subscription and room under the limit; releasing is always allowed (also after expiry and over a
 * lowered limit), down to zero.
 */
@ApplicationScoped
@Transactional
public class UsageService {
  private final EntityManager em;
  private final SubscriptionService subscriptions;
  private final Clock clock;

  UsageService(EntityManager em, SubscriptionService subscriptions, Clock clock) {
    this.em = em;
    this.subscriptions = subscriptions;
    this.clock = clock;
  }

  public SubscriptionView.Usage change(String accountId, Counter counter, long delta) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, clock.getZone());
    String used = counter.usedColumn;
    String limit = counter.limitColumn;
    String condition =
        delta > 0
            ? " and " + used + " + :delta <= " + limit + " and expires_on >= :today"
            : " and " + used + " + :delta >= 0";
    var query =
        em.createNativeQuery(
                "update subscription set "
                    + used
                    + " = "
                    + used
                    + " + :delta, updated_at = :now where account_id = :account"
                    + condition
                    + " returning "
                    + limit
                    + ", "
                    + used)
            .setParameter("delta", delta)
            .setParameter("now", now)
            .setParameter("account", accountId);
    if (delta > 0) {
      query.setParameter("today", today);
    }
    List<?> rows = query.getResultList();
    if (!rows.isEmpty()) {
      Object[] row = (Object[]) rows.get(0);
      return SubscriptionView.Usage.of(
          ((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
    Subscription s = subscriptions.require(accountId);
    long currentUsed = counter == Counter.ASSETS ? s.assetsUsed : s.remediationsUsed;
    long currentLimit = counter == Counter.ASSETS ? s.assetsLimit : s.remediationsLimit;
    if (delta < 0) {
      throw ProblemException.validation(
          "delta", "would take " + counter.path + " used below zero (used is " + currentUsed + ")");
    }
    if (s.isExpiredOn(today)) {
      throw CreditService.expired(s);
    }
    throw ProblemException.conflict(
        "limit-exceeded",
        "Limit exceeded",
        "The "
            + counter.path
            + " limit is "
            + currentLimit
            + " and "
            + currentUsed
            + " are used; "
            + delta
            + " more do not fit. Nothing was consumed.");
  }
}
