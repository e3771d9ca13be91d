package com.threatcommand.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ResourceInfo;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Changes of one account take turns ({@link AccountLanes}): an {@link AccountChange} request waits
 * for one of the account's {@code account-changes.lanes} lanes suspended, holding no worker
 * thread, so that requests piling up on one account's lock in PostgreSQL hold at most that many
 * workers and connections, and every other account goes on being served (README,
 * "Benchmarks": the lock-wait check). One that waited {@code account-changes.max-wait}, or finds
 * {@code account-changes.max-queued} already waiting, is answered 503 {@code upstream-unavailable}
 * with {@code Retry-After: 1}, and changed nothing. Urgent changes (key revocation) take turns in
 * a lane of their own, one at a time per account, and never wait behind the others.
 *
 * <p>The account is the one the request changes: the path's for the back office
 * ({@code /api/v1/provisioning/accounts/{accountId}/...}), else the {@code account_id} claim of the
 * internal token, read here only to pick the lane: the token is verified afterwards as for every
 * request, and one without an account goes through without a turn (and is refused).
 */
@Singleton
public class AccountChangeTurns {
  private static final String PROVISIONING = "/api/v1/provisioning/accounts/";

  /** Only to read a token's claims: no configuration of the application's mapper matters. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AccountLanes lanes;
  /** Urgent changes ({@link AccountChange#urgent()}): one at a time per account, apart. */
  private final AccountLanes urgentLanes;
  private final Duration maxWait;

  AccountChangeTurns(
      @ConfigProperty(name = "account-changes.lanes", defaultValue = "2") int lanes,
      @ConfigProperty(name = "account-changes.max-queued", defaultValue = "64") int maxQueued,
      @ConfigProperty(name = "account-changes.max-wait", defaultValue = "5S") Duration maxWait) {
    this.lanes = new AccountLanes(lanes, maxQueued);
    this.urgentLanes = new AccountLanes(1, maxQueued);
    this.maxWait = maxWait;
  }

  @AccountChange
  // A blocking operation's filter: answering an unfinished Uni suspends the request and gives its
  // worker back; it resumes on a worker once the turn comes. The body is already in (BodiesFirst),
  // so a caller sending its body slowly takes no turn while it sends.
  @ServerRequestFilter
  public Uni<Void> awaitTurn(RoutingContext rc, ResourceInfo resource) {
    String account = accountOf(rc);
    if (account == null) {
      return Uni.createFrom().voidItem();
    }
    AccountChange change = resource.getResourceMethod().getAnnotation(AccountChange.class);
    boolean urgent = change != null && change.urgent();
    AccountLanes.Turn turn = (urgent ? urgentLanes : lanes).enter(account);
    if (turn == null) {
      return Uni.createFrom().failure(busy());
    }
    // Response sent, failed or connection gone: the lane (or the place in the queue) is given up.
    rc.addEndHandler(ignored -> turn.leave());
    if (turn.started().isDone()) {
      return Uni.createFrom().voidItem();
    }
    Vertx vertx = rc.vertx();
    Context context = vertx.getOrCreateContext();
    return Uni.createFrom()
        .emitter(
            emitter -> {
              // Both outcomes run on this request's context, one after the other: the first wins.
              boolean[] decided = new boolean[1];
              long timer =
                  vertx.setTimer(
                      Math.max(1, maxWait.toMillis()),
                      id -> {
                        if (!decided[0]) {
                          decided[0] = true;
                          turn.leave();
                          emitter.fail(busy());
                        }
                      });
              turn.started()
                  .whenComplete(
                      (ok, failure) ->
                          context.runOnContext(
                              v -> {
                                vertx.cancelTimer(timer);
                                if (!decided[0] && failure == null) {
                                  decided[0] = true;
                                  emitter.complete(null);
                                }
                              }));
            });
  }

  /** Changes of {@code account} running and waiting here, urgent ones apart: for tests. */
  public int[] load(String account) {
    return lanes.load(account);
  }

  private String accountOf(RoutingContext rc) {
    String path = rc.normalizedPath();
    if (path.startsWith(PROVISIONING)) {
      int end = path.indexOf('/', PROVISIONING.length());
      String account = path.substring(PROVISIONING.length(), end < 0 ? path.length() : end);
      return account.isEmpty() ? null : account;
    }
    String authorization = rc.request().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    int first = authorization.indexOf('.');
    int second = first < 0 ? -1 : authorization.indexOf('.', first + 1);
    if (second < 0) {
      return null;
    }
    try {
      JsonNode claims =
          JSON.readTree(Base64.getUrlDecoder().decode(authorization.substring(first + 1, second)));
      JsonNode account = claims.get("account_id");
      return account != null && account.isTextual() ? account.textValue() : null;
    } catch (Exception e) {
      return null; // not a token: refused when it is verified
    }
  }

  private static ProblemException busy() {
    return new ProblemException(
        503,
        "upstream-unavailable",
        "Service unavailable",
        "Too many changes to this account are waiting for the ones before them. Nothing was"
            + " changed; try again shortly.",
        Map.of("Retry-After", "1"),
        null);
  }
}
