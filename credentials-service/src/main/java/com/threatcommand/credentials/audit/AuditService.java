package com.threatcommand.credentials.audit;

import com.threatcommand.common.http.RequestIds;
import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.common.security.Caller;
import com.threatcommand.credentials.keys.KeyKind;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Writes and lists the audit trail. {@link #record} joins the caller's transaction (MANDATORY): an
 * audit row commits together with the change it records, or not at all.
 */
@ApplicationScoped
public class AuditService {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

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
  public AuditPage list(String accountId, String limitParam, String cursor) {
    int limit = parseLimit(limitParam);
    long before = cursor == null ? Long.MAX_VALUE : decodeCursor(cursor);
    List<AuditEvent> page = events.page(accountId, before, limit + 1);
    boolean more = page.size() > limit;
    List<AuditEvent> items = more ? page.subList(0, limit) : page;
    String next = more ? encodeCursor(items.get(items.size() - 1).seq) : null;
    return new AuditPage(items.stream().map(AuditEventView::of).toList(), next);
  }

  static int parseLimit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ProblemException.validation("limit", "must be an integer from 1 to " + MAX_LIMIT);
  }

  static String encodeCursor(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("a:" + seq).getBytes(StandardCharsets.US_ASCII));
  }

  static long decodeCursor(String cursor) {
    try {
      if (cursor.length() <= 64) {
        String decoded =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        if (decoded.startsWith("a:")) {
          long seq = Long.parseLong(decoded.substring(2));
          if (seq > 0) {
            return seq;
          }
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below (NumberFormatException is an IllegalArgumentException)
    }
    throw ProblemException.validation("cursor", "is not a cursor this list returned");
  }
}
