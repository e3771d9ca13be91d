package com.threatcommand.subscription.upgrade;

import com.threatcommand.common.problem.Problem;
import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.subscription.account.CatalogConfig;
import com.threatcommand.subscription.account.Subscription;
import com.threatcommand.subscription.account.SubscriptionRepository;
import com.threatcommand.common.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * "Get More": validates a request, applies the rate limit, and stores the request together with
 * its outbox row in one transaction. {@link OutboxRelay} sends the email.
 */
@ApplicationScoped
@Transactional
public class UpgradeRequestService {
  static final String CURSOR_LIST = "upgrades";

  /** The requester, from the verified token. */
  public record Requester(String subject, String email, String name) {}

  private final EntityManager em;
  private final SubscriptionRepository subscriptions;
  private final CatalogConfig catalog;
  private final UpgradeConfig config;
  private final Clock clock;

  UpgradeRequestService(
      EntityManager em,
      SubscriptionRepository subscriptions,
      CatalogConfig catalog,
      UpgradeConfig config,
      Clock clock) {
    this.em = em;
    this.subscriptions = subscriptions;
    this.catalog = catalog;
    this.config = config;
    this.clock = clock;
  }

  public UpgradeViews.View create(String accountId, UpgradeViews.Body body, Requester requester) {
    // The lock serialises this account's requests, so that the rate limit holds across replicas.
    Subscription subscription = subscriptions.lockedById(accountId);
    if (subscription == null) {
      throw ProblemException.notFound(
          "subscription-not-found", "No subscription is provisioned for this account.");
    }
    validate(body, subscription);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    enforceRateLimit(accountId, now);

    UpgradeRequest r = new UpgradeRequest();
    r.id = UUID.randomUUID();
    r.accountId = accountId;
    r.category = body.category();
    r.modules = body.category() == Category.MODULES ? List.copyOf(body.modules()) : null;
    r.quantity = body.category() == Category.MODULES ? null : body.quantity();
    r.message = body.message() == null || body.message().isBlank() ? null : body.message();
    r.status = DeliveryStatus.PENDING;
    r.requesterSubject = requester.subject();
    r.requesterEmail = requester.email();
    r.requesterName = requester.name();
    r.subscriptionType = subscription.type;
    switch (body.category()) {
      case MODULES -> r.currentModules = includedInCatalogOrder(subscription);
      case CREDITS -> r.currentBalance = subscription.creditBalance;
      case ASSETS -> {
        r.currentLimit = subscription.assetsLimit;
        r.currentUsed = subscription.assetsUsed;
      }
      case REMEDIATIONS -> {
        r.currentLimit = subscription.remediationsLimit;
        r.currentUsed = subscription.remediationsUsed;
      }
    }
    r.createdAt = now;
    em.persist(r);

    OutboxMessage m = new OutboxMessage();
    m.id = UUID.randomUUID();
    m.requestId = r.id;
    m.status = DeliveryStatus.PENDING;
    m.attempts = 0;
    m.nextAttemptAt = now;
    m.retryUntil = now.plus(config.relay().retryFor());
    m.createdAt = now;
    em.persist(m);
    return UpgradeViews.View.of(r);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public UpgradeViews.Page list(String accountId, PageRequest page) {
    var query =
        em.createQuery(
                "from UpgradeRequest where accountId = :account"
                    + (page.before() == null ? "" : " and seq < :before")
                    + " order by seq desc",
                UpgradeRequest.class)
            .setParameter("account", accountId)
            .setMaxResults(page.limit() + 1);
    if (page.before() != null) {
      query.setParameter("before", page.before());
    }
    List<UpgradeRequest> rows = query.getResultList();
    boolean more = rows.size() > page.limit();
    List<UpgradeRequest> items = more ? rows.subList(0, page.limit()) : rows;
    String next =
        more ? PageRequest.encode(CURSOR_LIST, items.get(items.size() - 1).seq) : null;
    return new UpgradeViews.Page(items.stream().map(UpgradeViews.View::of).toList(), next);
  }

  /** One of the account's requests; another account's, or none, is 404 alike. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public UpgradeViews.View get(String accountId, UUID id) {
    return em
        .createQuery(
            "from UpgradeRequest where id = :id and accountId = :account", UpgradeRequest.class)
        .setParameter("id", id)
        .setParameter("account", accountId)
        .getResultStream()
        .findFirst()
        .map(UpgradeViews.View::of)
        .orElseThrow(
            () -> ProblemException.notFound("not-found", "No such upgrade request."));
  }

  private void validate(UpgradeViews.Body body, Subscription subscription) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (body.category() == Category.MODULES) {
      if (body.quantity() != null) {
        errors.add(new Problem.FieldError("quantity", "must not be set for MODULES"));
      }
      if (body.modules() == null || body.modules().isEmpty()) {
        errors.add(new Problem.FieldError("modules", "must name at least one module for MODULES"));
      } else {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < body.modules().size(); i++) {
          String code = body.modules().get(i);
          String field = "modules[" + i + "]";
          if (catalog.module(code).isEmpty()) {
            errors.add(new Problem.FieldError(field, "unknown module code '" + code + "'"));
          } else if (!seen.add(code)) {
            errors.add(new Problem.FieldError(field, "'" + code + "' is listed twice"));
          } else if (subscription.modules.contains(code)) {
            errors.add(
                new Problem.FieldError(field, "'" + code + "' is already included"));
          }
        }
      }
    } else {
      if (body.modules() != null) {
        errors.add(new Problem.FieldError("modules", "must only be set for MODULES"));
      }
      if (body.quantity() == null) {
        errors.add(new Problem.FieldError("quantity", "must be set for " + body.category()));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.validation(errors);
    }
  }

  private void enforceRateLimit(String accountId, Instant now) {
    Instant since = now.minus(config.rateWindow());
    long recent =
        em.createQuery(
                "select count(r) from UpgradeRequest r where r.accountId = :account and"
                    + " r.createdAt > :since",
                Long.class)
            .setParameter("account", accountId)
            .setParameter("since", since)
            .getSingleResult();
    if (recent < config.rateLimit()) {
      return;
    }
    // The request that must leave the window before another one fits.
    Instant leaving =
        em.createQuery(
                "select r.createdAt from UpgradeRequest r where r.accountId = :account and"
                    + " r.createdAt > :since order by r.createdAt asc",
                Instant.class)
            .setParameter("account", accountId)
            .setParameter("since", since)
            .setFirstResult((int) (recent - config.rateLimit()))
            .setMaxResults(1)
            .getSingleResult();
    Duration wait = Duration.between(now, leaving.plus(config.rateWindow()));
    long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    throw new ProblemException(
        429,
        "rate-limited",
        "Too many requests",
        "At most "
            + config.rateLimit()
            + " upgrade requests per account per hour. Try again in "
            + seconds
            + " seconds.",
        Map.of("Retry-After", Long.toString(seconds)),
        null);
  }

  private List<String> includedInCatalogOrder(Subscription subscription) {
    return catalog.modules().stream()
        .map(CatalogConfig.Entry::code)
        .filter(subscription.modules::contains)
        .toList();
  }
}
