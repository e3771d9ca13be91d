package com.threatcommand.credentials.audit;

import com.threatcommand.common.http.RequestIds;
import com.threatcommand.common.paging.PageParams;
import com.threatcommand.common.paging.PageRequest;
import com.threatcommand.common.security.Caller;
import com.threatcommand.credentials.keys.KeyKind;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Writes and lists the audit trail. {@link #record} joins the caller's transaction (MANDATORY): an
 * audit row commits together with the change it records, or not at all.
 */
@ApplicationScoped
public class AuditService {
  /** The prefix of this list's cursors (PageRequest): a cursor of another list is refused. */
  static final String CURSOR_LIST = "a";

  private final AuditRepository events;
  private final Caller caller;
  private final CurrentVertxRequest request;
  private final Clock clock;

  AuditService(AuditRepository events, Caller caller, CurrentVertxRequest request, Clock clock) {
    this.events = events;
    this.caller = caller;
    this.request = request;
    this.clock = clock;
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(
      String accountId, AuditEventType type, KeyKind kind, UUID keyId, String keyHint) {
    AuditEvent event = new AuditEvent();
    event.id = UUID.randomUUID();
    event.accountId = accountId;
    event.type = type;
    event.keyKind = kind;
    event.keyId = keyId;
    event.keyHint = keyHint;
    event.actorSubject = caller.subject();
    event.actorEmail = caller.email();
    event.at = clock.instant();
    event.requestId = RequestIds.current(request);
    events.persist(event);
  }

  /** The account's events, newest first; {@code cursor} is what a previous page returned. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public AuditPage list(String accountId, PageParams page) {
    PageRequest request = page.parse(CURSOR_LIST);
    int limit = request.limit();
    long before = request.before() == null ? Long.MAX_VALUE : request.before();
    List<AuditEvent> rows = events.page(accountId, before, limit + 1);
    boolean more = rows.size() > limit;
    List<AuditEvent> items = more ? rows.subList(0, limit) : rows;
    String next = more ? PageRequest.encode(CURSOR_LIST, items.get(items.size() - 1).seq) : null;
    return new AuditPage(items.stream().map(AuditEventView::of).toList(), next);
  }
}
