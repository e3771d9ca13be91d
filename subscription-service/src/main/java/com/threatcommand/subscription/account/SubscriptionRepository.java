package com.threatcommand.subscription.account;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, String> {

  /**
   * The account's subscription, its row locked until the transaction ends, or null if there is
   * none. The lock is {@code FOR NO KEY UPDATE}, the one a debit's {@code UPDATE} takes, so this
   * account's changes take turns on every replica; it is a statement of its own, before the row is
   * read, so what is read is the row as it stands once the lock is held. Call it before anything
   * else in the transaction reads this subscription.
   *
   * <p>Not {@code findById(id, PESSIMISTIC_WRITE)}: with the eager module collection that is
   * Hibernate 7.2's "follow-on locking", whose list of rows to lock belongs to the shared load plan,
   * not to the caller: another account's Get More then locked the waiting account's row too,
   * waited on it and failed (a NullPointerException in {@code TableLock}, or a
   * ConcurrentModificationException under load). {@code ConcurrencyTest} shows it.
   */
  public Subscription lockedById(String accountId) {
    boolean found =
        !getEntityManager()
            .createNativeQuery("select 1 from subscription where account_id = :id for no key update")
            .setParameter("id", accountId)
            .getResultList()
            .isEmpty();
    return found ? findById(accountId) : null;
  }
}
