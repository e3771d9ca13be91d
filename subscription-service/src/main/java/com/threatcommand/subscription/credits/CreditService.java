package com.threatcommand.subscription.credits;

import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.subscription.account.Subscription;
import com.threatcommand.subscription.account.SubscriptionService;
import com.threatcommand.subscription.credits.CreditViews.CreditResult;
import com.threatcommand.subscription.credits.CreditViews.DebitRequest;
import com.threatcommand.subscription.credits.CreditViews.GrantRequest;
import com.threatcommand.subscription.credits.CreditViews.TransactionPage;
import com.threatcommand.subscription.credits.CreditViews.TransactionView;
import com.threatcommand.common.paging.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The credit ledger. Every change is one conditional UPDATE of the balance (which can never go
 * below zero, and a debit never happens after expiry) plus the ledger row, in one transaction.
 */
@ApplicationScoped
@Transactional
public class CreditService {
  static final String CURSOR_LIST = "credits";

  /** Who is acting, from the verified token. */
  public record Actor(String kind, String subject, String email) {
    public static Actor of(com.threatcommand.common.security.Caller caller) {
      return new Actor(
          clip(caller.kind(), 32), clip(caller.subject(), 255), clip(caller.email(), 320));
    }

    private static String clip(String value, int max) {
      return value == null || value.length() <= max ? value : value.substring(0, max);
    }
  }

  private final EntityManager em;
  private final CreditTransactionRepository ledger;
  private final SubscriptionService subscriptions;
  private final Clock clock;

  CreditService(
      EntityManager em,
      CreditTransactionRepository ledger,
      SubscriptionService subscriptions,
      Clock clock) {
    this.em = em;
    this.ledger = ledger;
    this.subscriptions = subscriptions;
    this.clock = clock;
  }

  public CreditResult debit(String accountId, DebitRequest request, Actor actor) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    LocalDate today = LocalDate.ofInstant(now, clock.getZone());
    List<?> balance =
        em.createNativeQuery(
                "update subscription set credit_balance = credit_balance - :amount, updated_at ="
                    + " :now where account_id = :account and credit_balance >= :amount and"
                    + " expires_on >= :today returning credit_balance")
            .setParameter("amount", request.amount())
            .setParameter("now", now)
            .setParameter("account", accountId)
            .setParameter("today", today)
            .getResultList();
    if (balance.isEmpty()) {
      Subscription subscription = subscriptions.require(accountId);
      if (subscription.isExpiredOn(today)) {
        throw expired(subscription);
      }
      throw ProblemException.conflict(
          "insufficient-credits",
          "Insufficient credits",
          "The balance is "
              + subscription.creditBalance
              + " credits; this debit needs "
              + request.amount()
              + ". Nothing was debited.");
    }
    CreditTransaction t =
        record(
            accountId,
            TransactionKind.DEBIT,
            request.amount(),
            ((Number) balance.get(0)).longValue(),
            request.purpose(),
            request.reference(),
            actor,
            now);
    return new CreditResult(TransactionView.of(t), t.balanceAfter);
  }

  public CreditResult grant(String accountId, GrantRequest request, Actor actor) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<?> balance =
        em.createNativeQuery(
                "update subscription set credit_balance = credit_balance + :amount, updated_at ="
                    + " :now where account_id = :account returning credit_balance")
            .setParameter("amount", request.amount())
            .setParameter("now", now)
            .setParameter("account", accountId)
            .getResultList();
    if (balance.isEmpty()) {
      subscriptions.require(accountId);
    }
    CreditTransaction t =
        record(
            accountId,
            TransactionKind.GRANT,
            request.amount(),
            ((Number) balance.get(0)).longValue(),
            null,
            request.reason(),
            actor,
            now);
    return new CreditResult(TransactionView.of(t), t.balanceAfter);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public TransactionPage transactions(String accountId, PageRequest page) {
    subscriptions.require(accountId);
    List<CreditTransaction> rows = ledger.page(accountId, page.before(), page.limit() + 1);
    boolean more = rows.size() > page.limit();
    List<CreditTransaction> items = more ? rows.subList(0, page.limit()) : rows;
    String next =
        more ? PageRequest.encode(CURSOR_LIST, items.get(items.size() - 1).seq) : null;
    return new TransactionPage(items.stream().map(TransactionView::of).toList(), next);
  }

  private CreditTransaction record(
      String accountId,
      TransactionKind kind,
      long amount,
      long balanceAfter,
      Purpose purpose,
      String reference,
      Actor actor,
      Instant now) {
    CreditTransaction t = new CreditTransaction();
    t.id = UUID.randomUUID();
    t.accountId = accountId;
    t.kind = kind;
    t.amount = amount;
    t.balanceAfter = balanceAfter;
    t.purpose = purpose;
    t.reference = reference;
    t.actorKind = actor.kind();
    t.actorSubject = actor.subject();
    t.actorEmail = actor.email();
    t.createdAt = now;
    ledger.persist(t);
    return t;
  }

  public static ProblemException expired(Subscription subscription) {
    return ProblemException.conflict(
        "subscription-expired",
        "Subscription expired",
        "The subscription expired on "
            + subscription.expiresOn
            + "; nothing more can be consumed until it is renewed.");
  }
}
