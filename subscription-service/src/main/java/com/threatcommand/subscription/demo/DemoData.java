package com.threatcommand.subscription.demo;

import com.threatcommand.subscription.account.CatalogConfig;
import com.threatcommand.subscription.account.ProvisionRequest;
import com.threatcommand.subscription.account.SubscriptionService;
import com.threatcommand.subscription.account.SubscriptionType;
import com.threatcommand.subscription.credits.CreditService;
import com.threatcommand.subscription.credits.CreditViews.GrantRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Demo accounts for dev mode and the local stack ({@code demo.enabled=true}; env {@code
 * DEMO_ENABLED}). Loaded on every start and idempotent: an account that is missing is created with
 * its credits (as a ledger grant) and usage; one that exists gets its plan refreshed (dates stay
 * relative to today) while its balance, usage and ledger are left as the user left them.
 */
@ApplicationScoped
public class DemoData {
  private static final Logger LOG = Logger.getLogger(DemoData.class);

  /** One demo account; expiry in days from today (negative: already expired). */
  public record Account(
      String accountId,
      SubscriptionType type,
      int expiresInDays,
      List<String> modules,
      long credits,
      long assetsLimit,
      long assetsUsed,
      long remediationsLimit,
      long remediationsUsed,
      String region) {}

  public static final List<Account> ACCOUNTS =
      List.of(
          new Account(
              "5f1e2d3c4b5a697887766554",
              SubscriptionType.GOLD,
              215,
              List.of("Discovery", "IOC", "ThreatLibrary", "InvestigationPage"),
              120,
              100,
              40,
              25,
              3,
              "EU"),
          new Account(
              "6a1e2d3c4b5a697887766001",
              SubscriptionType.PLATINUM,
              365,
              List.of(
                  "Discovery",
                  "Remediation",
                  "IOC",
                  "VirtualAppliance",
                  "InvestigationPage",
                  "ThreatLibrary",
                  "IntelliFind",
                  "Cve"),
              5000,
              10000,
              1250,
              1000,
              87,
              "US"),
          new Account(
              "6b1e2d3c4b5a697887766002",
              SubscriptionType.BRONZE,
              90,
              List.of("Discovery"),
              10,
              10,
              2,
              5,
              0,
              "AP"),
          new Account(
              "6c1e2d3c4b5a697887766003",
              SubscriptionType.GOLD,
              -30,
              List.of("Discovery", "IOC", "ThreatLibrary"),
              40,
              100,
              12,
              25,
              1,
              "EU"),
          new Account(
              "6d1e2d3c4b5a697887766004",
              SubscriptionType.GOLD,
              120,
              List.of("Discovery", "IOC", "Remediation"),
              0,
              50,
              50,
              10,
              10,
              "US"));

  private final boolean enabled;
  private final SubscriptionService subscriptions;
  private final CreditService credits;
  private final CatalogConfig catalog;
  private final EntityManager em;
  private final Clock clock;

  DemoData(
      DemoConfig config,
      SubscriptionService subscriptions,
      CreditService credits,
      CatalogConfig catalog,
      EntityManager em,
      Clock clock) {
    this.enabled = config.enabled();
    this.subscriptions = subscriptions;
    this.credits = credits;
    this.catalog = catalog;
    this.em = em;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) {
    if (enabled) {
      load();
    }
  }

  /** Creates the missing demo accounts and refreshes the plans of the others. */
  public void load() {
    LocalDate today = LocalDate.now(clock);
    for (Account a : ACCOUNTS) {
      QuarkusTransaction.requiringNew().run(() -> loadOne(a, today));
    }
    LOG.infof(
        "Demo data loaded: %d accounts (%s)",
        ACCOUNTS.size(), String.join(", ", ACCOUNTS.stream().map(Account::accountId).toList()));
  }

  private void loadOne(Account a, LocalDate today) {
    List<String> modules =
        a.modules().stream().filter(code -> catalog.module(code).isPresent()).toList();
    String region = catalog.region(a.region()).isPresent() ? a.region() : catalog.regions().get(0).code();
    ProvisionRequest plan =
        new ProvisionRequest(
            a.type(),
            today.plusDays(a.expiresInDays()),
            modules,
            new ProvisionRequest.Limits(a.assetsLimit(), a.remediationsLimit()),
            region);
    boolean created = subscriptions.provision(a.accountId(), plan).created();
    if (!created) {
      return;
    }
    if (a.credits() > 0) {
      credits.grant(
          a.accountId(),
          new GrantRequest(a.credits(), "Demo credits"),
          new CreditService.Actor("provisioner", "demo-data", null));
    }
    em.createNativeQuery(
            "update subscription set assets_used = :assets, remediations_used = :remediations"
                + " where account_id = :account")
        .setParameter("assets", a.assetsUsed())
        .setParameter("remediations", a.remediationsUsed())
        .setParameter("account", a.accountId())
        .executeUpdate();
  }
}
