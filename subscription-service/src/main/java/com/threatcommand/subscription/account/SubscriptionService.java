package com.threatcommand.subscription.account;

import com.threatcommand.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Reads and provisions subscriptions. */
@ApplicationScoped
@Transactional
public class SubscriptionService {
  private final SubscriptionRepository subscriptions;
  private final CatalogConfig catalog;
  private final Clock clock;

  SubscriptionService(SubscriptionRepository subscriptions, CatalogConfig catalog, Clock clock) {
    this.subscriptions = subscriptions;
    this.catalog = catalog;
    this.clock = clock;
  }

  public LocalDate today() {
    return LocalDate.now(clock);
  }

  /** The account's subscription, or 404 {@code subscription-not-found}. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Subscription require(String accountId) {
    Subscription subscription = subscriptions.findById(accountId);
    if (subscription == null) {
      throw ProblemException.notFound(
          "subscription-not-found", "No subscription is provisioned for this account.");
    }
    return subscription;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public SubscriptionView view(String accountId) {
    return toView(require(accountId));
  }

  /** Threat Command's system-modules shape: one boolean per catalog code, in catalog order. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Map<String, Boolean> systemModules(String accountId) {
    Subscription subscription = require(accountId);
    Map<String, Boolean> modules = new LinkedHashMap<>();
    for (CatalogConfig.Entry module : catalog.modules()) {
      modules.put(module.code(), subscription.modules.contains(module.code()));
    }
    return modules;
  }

  public record Provisioned(SubscriptionView view, boolean created) {}

  /** Creates or replaces the account's plan. Usage and balance are kept as they are. */
  public Provisioned provision(String accountId, ProvisionRequest request) {
    for (int i = 0; i < request.modules().size(); i++) {
      String code = request.modules().get(i);
      if (catalog.module(code).isEmpty()) {
        throw ProblemException.validation(
            "modules[" + i + "]", "unknown module code '" + code + "'");
      }
    }
    if (catalog.region(request.storedDataRegion()).isEmpty()) {
      throw ProblemException.validation(
          "storedDataRegion", "unknown region '" + request.storedDataRegion() + "'");
    }
    Instant now = clock.instant();
    Subscription subscription = subscriptions.lockedById(accountId);
    boolean created = subscription == null;
    if (created) {
      subscription = new Subscription();
      subscription.accountId = accountId;
      subscription.createdAt = now;
    }
    subscription.type = request.type();
    subscription.expiresOn = request.expiresOn();
    subscription.storedDataRegion = request.storedDataRegion();
    subscription.assetsLimit = request.limits().assets();
    subscription.remediationsLimit = request.limits().remediations();
    subscription.modules.clear();
    subscription.modules.addAll(new LinkedHashSet<>(request.modules()));
    subscription.updatedAt = now;
    if (created) {
      subscriptions.persist(subscription);
    }
    subscriptions.flush();
    return new Provisioned(toView(subscription), created);
  }

  public SubscriptionView toView(Subscription s) {
    LocalDate today = today();
    boolean expired = s.isExpiredOn(today);
    List<SubscriptionView.ModuleView> modules =
        catalog.modules().stream()
            .map(m -> new SubscriptionView.ModuleView(m.code(), m.name(), s.modules.contains(m.code())))
            .toList();
    String location = catalog.region(s.storedDataRegion).map(CatalogConfig.Entry::name).orElse(s.storedDataRegion);
    return new SubscriptionView(
        s.accountId,
        s.type,
        expired ? SubscriptionStatus.EXPIRED : SubscriptionStatus.ACTIVE,
        s.expiresOn,
        expired ? 0 : ChronoUnit.DAYS.between(today, s.expiresOn),
        modules,
        new SubscriptionView.Credits(s.creditBalance),
        new SubscriptionView.Limitations(
            SubscriptionView.Usage.of(s.assetsLimit, s.assetsUsed),
            SubscriptionView.Usage.of(s.remediationsLimit, s.remediationsUsed)),
        new SubscriptionView.StoredData(s.storedDataRegion, location));
  }
}
