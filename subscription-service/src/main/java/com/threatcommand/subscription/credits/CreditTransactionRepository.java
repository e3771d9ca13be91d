package com.threatcommand.subscription.credits;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class CreditTransactionRepository implements PanacheRepositoryBase<CreditTransaction, Long> {
  /** Newest first, {@code limit} rows after the position {@code before} (exclusive), if any. */
  public List<CreditTransaction> page(String accountId, Long before, int limit) {
    var query =
        before == null
            ? find("accountId = ?1", Sort.descending("seq"), accountId)
            : find("accountId = ?1 and seq < ?2", Sort.descending("seq"), accountId, before);
    return query.page(0, limit).list();
  }
}
