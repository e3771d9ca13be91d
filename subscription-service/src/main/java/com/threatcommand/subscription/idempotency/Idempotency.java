package com.threatcommand.subscription.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.common.http.RequestIds;
import com.threatcommand.common.problem.Problem;
import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.common.problem.ProblemWriter;
import com.threatcommand.subscription.idempotency.IdempotencyStore.StoredKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a state-changing operation at most once per (account, Idempotency-Key), with Stripe's
 * semantics (API.md, Credits):
 *
 * <ol>
 *   <li>The key is reserved in a short transaction of its own: a new row IN_PROGRESS with a random
 *       owner token and a lease. A second request with the same key sees that row: another body
 *       (method, path and canonical JSON differ) gets 422 {@code idempotency-key-reused}; the same
 *       body while the first is in flight gets 409 {@code idempotency-in-progress}; after the first
 *       completed it gets the stored response, byte for byte, with {@code Idempotent-Replayed:
 *       true}.
 *   <li>The operation runs in a new transaction that also stores the serialised response on the
 *       key's row, fenced by the owner token: the effect and the stored response commit together
 *       or not at all. If the lease had been taken over meanwhile, the fence fails and the
 *       operation rolls back.
 *   <li>A request refused by a business rule once it ran (404 {@code subscription-not-found}, 409
 *       {@code insufficient-credits}, {@code limit-exceeded}, {@code subscription-expired}) is an
 *       outcome like any other: its problem document is stored and replayed, as Stripe does for a
 *       declined charge, so "same key, same body" always gets the first response. A request that
 *       never got that far (invalid input, rate limit, a crash, a 5xx) changed nothing and stored
 *       nothing: it releases its reservation and the same key may be retried. A reservation left
 *       by a process that died is taken over once its lease ran out.
 * </ol>
 *
 * Keys are kept for {@code idempotency.retention} (at least 24 hours), then treated as unknown and
 * purged by {@link IdempotencyPurge}. The rows themselves are {@link IdempotencyStore}'s.
 */
@ApplicationScoped
public class Idempotency {
  private static final Logger LOG = Logger.getLogger(Idempotency.class);

  /** What an operation answered: its status and the DTO that becomes the JSON body. */
  public record Outcome(int status, Object body) {}

  private sealed interface Reservation {}

  private record Owned(UUID owner) implements Reservation {}

  private record Replay(int status, byte[] body) implements Reservation {}

  private final IdempotencyStore store;
  private final ObjectMapper json;
  private final Clock clock;
  private final IdempotencyConfig config;
  private final CurrentVertxRequest request;

  Idempotency(
      IdempotencyStore store,
      ObjectMapper json,
      Clock clock,
      IdempotencyConfig config,
      CurrentVertxRequest request) {
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.config = config;
    this.request = request;
  }

  /**
   * Runs {@code action} in a transaction of its own, once per key.
   *
   * @param key the validated key, or null to run without idempotency (optional keys)
   * @param operation method and path of the request, part of what "the same request" means
   * @param request the parsed body; its canonical JSON is the rest of it
   */
  public Response execute(
      String accountId, String key, String operation, Object request, Supplier<Outcome> action) {
    if (key == null) {
      Outcome outcome = QuarkusTransaction.requiringNew().call(action::get);
      return response(outcome.status(), serialise(outcome.body()), false);
    }
    String hash = hash(operation, request);
    Reservation reservation =
        QuarkusTransaction.requiringNew().call(() -> reserve(accountId, key, hash));
    if (reservation instanceof Replay replay) {
      return response(replay.status(), replay.body(), true);
    }
    UUID owner = ((Owned) reservation).owner();
    try {
      return QuarkusTransaction.requiringNew()
          .call(
              () -> {
                Outcome outcome = action.get();
                byte[] body = serialise(outcome.body());
                complete(accountId, key, owner, outcome.status(), body);
                return response(outcome.status(), body, false);
              });
    } catch (ProblemException e) {
      if (isStoredOutcome(e)) {
        byte[] body = serialise(problemOf(e));
        QuarkusTransaction.requiringNew()
            .run(() -> complete(accountId, key, owner, e.status(), body));
        return response(e.status(), body, false);
      }
      release(accountId, key, owner);
      throw e;
    } catch (RuntimeException | Error e) {
      release(accountId, key, owner);
      throw e;
    }
  }

  /** Refusals decided by the operation itself, after it ran: final, so they are replayed. */
  private static boolean isStoredOutcome(ProblemException e) {
    return (e.status() == 409 && !e.slug().startsWith("idempotency-")) || e.status() == 404;
  }

  /** The problem document exactly as {@code ProblemMappers} would render it for this request. */
  private Problem problemOf(ProblemException e) {
    RoutingContext ctx = request.getCurrent();
    return ProblemWriter.problem(
        e.status(),
        e.slug(),
        e.title(),
        e.getMessage(),
        ctx == null ? null : ctx.request().path(),
        RequestIds.current(ctx),
        e.errors());
  }

  private Reservation reserve(String accountId, String key, String hash) {
    Instant now = clock.instant();
    UUID owner = UUID.randomUUID();
    Instant lockedUntil = now.plus(config.lease());
    if (store.insert(accountId, key, hash, owner, lockedUntil, now)) {
      return new Owned(owner);
    }
    Optional<StoredKey> stored = store.lock(accountId, key);
    if (stored.isEmpty()) {
      // Purged between the insert and the select: try once more.
      return reserve(accountId, key, hash);
    }
    StoredKey row = stored.get();
    boolean expired = row.createdAt().isBefore(now.minus(config.retention()));
    boolean abandoned =
        !row.completed() && row.lockedUntil() != null && !row.lockedUntil().isAfter(now);
    if (expired || (abandoned && hash.equals(row.requestHash()))) {
      // An expired key is unknown again; an abandoned reservation (its process died) is taken
      // over. The owner token changes, so a late commit of the old owner is fenced off.
      store.takeOver(accountId, key, hash, owner, lockedUntil, expired ? now : row.createdAt());
      return new Owned(owner);
    }
    if (!hash.equals(row.requestHash())) {
      throw new ProblemException(
          422,
          "idempotency-key-reused",
          "Idempotency key reused",
          "This Idempotency-Key was already used with a different request. Use a new key for a"
              + " new request.");
    }
    if (row.completed()) {
      return new Replay(row.responseStatus(), row.responseBody());
    }
    throw new ProblemException(
        409,
        "idempotency-in-progress",
        "Request in progress",
        "A request with this Idempotency-Key is still being processed. Retry shortly to get its"
            + " result.",
        Map.of("Retry-After", "1"),
        null);
  }

  private void complete(String accountId, String key, UUID owner, int status, byte[] body) {
    if (!store.complete(accountId, key, owner, status, body)) {
      // Our lease ran out and another request took the key over: it is the one that counts.
      throw new ProblemException(
          409,
          "idempotency-in-progress",
          "Request in progress",
          "Another request with this Idempotency-Key took over. Retry shortly to get its result.",
          Map.of("Retry-After", "1"),
          null);
    }
  }

  private void release(String accountId, String key, UUID owner) {
    try {
      QuarkusTransaction.requiringNew().run(() -> store.release(accountId, key, owner));
    } catch (RuntimeException e) {
      // The lease still runs out, after which the key can be used again.
      LOG.warnf("Could not release an idempotency reservation: %s", e.getMessage());
    }
  }

  private String hash(String operation, Object request) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(operation.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(json.writeValueAsBytes(request));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("Cannot fingerprint the request", e);
    }
  }

  private byte[] serialise(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise the response", e);
    }
  }

  private static Response response(int status, byte[] body, boolean replayed) {
    Response.ResponseBuilder builder =
        Response.status(status)
            .type(status >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
            .entity(body);
    if (replayed) {
      builder.header(IdempotencyKeys.REPLAYED_HEADER, "true");
    }
    return builder.build();
  }
}
