package com.threatcommand.credentials.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEvent, Long> {
  /** Up to {@code size} events of the account older than {@code beforeSeq}, newest first. */
  public List<AuditEvent> page(String accountId, long beforeSeq, int size) {
    return find("accountId = ?1 and seq < ?2 order by seq desc", accountId, beforeSeq)
        .page(Page.ofSize(size))
        .list();
  }
}
