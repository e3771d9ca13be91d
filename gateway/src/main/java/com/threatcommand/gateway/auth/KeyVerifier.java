package com.threatcommand.gateway.auth;

import com.threatcommand.gateway.upstream.Upstream;
import com.threatcommand.gateway.upstream.UpstreamFailure;
import com.threatcommand.gateway.upstream.Upstreams;
import com.threatcommand.gateway.web.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns {@code accountId:key} into a key holder, asking credentials-service's verify endpoint
 * (contracts.md) when the {@link KeyCache} cannot answer. Concurrent checks of the same credential
 * share one upstream call. The key travels only in the body of that call.
 */
@Singleton
public class KeyVerifier {
  static final String PATH = "/internal/v1/keys/verify";
  private static final int MAX_KEY_LENGTH = 512;

  private final Upstream credentials;
  private final InternalTokens tokens;
  private final KeyCache cache;
  private final RevocationStream stream;
  private final long timeoutMillis;
  private final ConcurrentHashMap<TokenHash, Future<Caller>> inFlight = new ConcurrentHashMap<>();

  /** The verification failed upstream: the caller gets this problem instead of 401. */
  public static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final transient UpstreamFailure failure;

    Unavailable(UpstreamFailure failure) {
      super(failure.slug(), null, false, false);
      this.failure = failure;
    }
  }

  KeyVerifier(
      Upstreams upstreams,
      InternalTokens tokens,
      KeyCache cache,
      RevocationStream stream,
      GatewayConfig config) {
    this.credentials = upstreams.credentials();
    this.tokens = tokens;
    this.cache = cache;
    this.stream = stream;
    this.timeoutMillis = Math.min(5000, config.upstreams().requestTimeout().toMillis());
  }

  /**
   * The key holder for this credential; a failed future with {@link AuthenticationFailed} if the
   * key is not valid for the account, or {@link Unavailable} if credentials-service cannot tell.
   */
  public Future<Caller> verify(String accountId, String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return Future.failedFuture(new AuthenticationFailed("malformed key"));
    }
    TokenHash hash = TokenHash.of(accountId, key);
    Caller cached = cache.lookup(hash, stream.live(), stream.generation());
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    if (cache.knownBad(hash)) {
      return Future.failedFuture(new AuthenticationFailed("key refused recently"));
    }
    Future<Caller> running = inFlight.get(hash);
    if (running != null) {
      return running;
    }
    Promise<Caller> promise = Promise.promise();
    Future<Caller> mine = promise.future();
    running = inFlight.putIfAbsent(hash, mine);
    if (running != null) {
      return running;
    }
    long generation = stream.generation();
    ask(accountId, key)
        .onComplete(
            ar -> {
              inFlight.remove(hash, mine);
              if (ar.failed()) {
                promise.fail(ar.cause());
                return;
              }
              JsonObject answer = ar.result();
              if (answer == null || !Boolean.TRUE.equals(answer.getValue("valid"))) {
                cache.rememberBad(hash);
                promise.fail(new AuthenticationFailed("key not valid"));
                return;
              }
              String kind = answer.getString("kind");
              String keyId = answer.getString("keyId");
              String verifiedAccount = answer.getString("accountId");
              if (keyId == null
                  || !accountId.equals(verifiedAccount)
                  || !(Roles.API_KEY.equals(kind) || Roles.APPLIANCE_KEY.equals(kind))) {
                promise.fail(new Unavailable(UpstreamFailure.BAD_GATEWAY));
                return;
              }
              if (cache.isRevoked(keyId)) {
                // revoked while we were asking: the answer is already stale
                promise.fail(new AuthenticationFailed("key revoked"));
                return;
              }
              long notAfter = Long.MAX_VALUE;
              Object expiresAt = answer.getValue("expiresAt");
              if (expiresAt instanceof String text) {
                try {
                  notAfter = Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e) {
                  notAfter = 0; // not cached
                }
              }
              Caller caller = Caller.keyHolder(kind, accountId, keyId);
              if (notAfter > System.currentTimeMillis()) {
                cache.remember(hash, caller, notAfter, generation);
              }
              promise.complete(caller);
            });
    return mine;
  }

  /** The verify endpoint's answer; null for a 400 (the input itself was refused). */
  private Future<JsonObject> ask(String accountId, String key) {
    Buffer body = new JsonObject().put("accountId", accountId).put("key", key).toBuffer();
    RequestOptions options =
        credentials
            .request(HttpMethod.POST, PATH)
            .setTimeout(timeoutMillis)
            .putHeader("Content-Type", "application/json")
            .putHeader("Accept", "application/json")
            .putHeader(
                "Authorization",
                "Bearer " + tokens.tokenFor(Caller.GATEWAY, credentials.audience()));
    // As for a forwarded read (Forwarder#forward): a pooled connection that credentials-service
    // closes under the question (it is stopping) is asked again once, on a new connection.
    return exchange(credentials.client(), options, body)
        .recover(
            failure ->
                UpstreamFailure.closedBeforeAnswer(failure)
                    ? resend(options, body)
                    : Future.failedFuture(failure))
        .compose(response -> response.body().map(buffer -> answer(response.statusCode(), buffer)))
        .recover(
            failure ->
                failure instanceof Unavailable
                    ? Future.failedFuture(failure)
                    : Future.failedFuture(new Unavailable(UpstreamFailure.of(failure, false))));
  }

  private Future<HttpClientResponse> resend(RequestOptions options, Buffer body) {
    return exchange(credentials.resendClient(), options, body)
        .recover(failure -> Future.failedFuture(new Unavailable(UpstreamFailure.of(failure, false, true))));
  }

  private static Future<HttpClientResponse> exchange(HttpClient client, RequestOptions options, Buffer body) {
    return client.request(options).compose(request -> request.send(body));
  }

  private static JsonObject answer(int status, Buffer buffer) {
    if (status == 400) {
      return null;
    }
    if (status == 503) {
      // credentials-service is up but cannot check (its database is down): the caller may retry.
      throw new Unavailable(UpstreamFailure.UNAVAILABLE);
    }
    if (status != 200) {
      throw new Unavailable(UpstreamFailure.BAD_GATEWAY);
    }
    try {
      return buffer.toJsonObject();
    } catch (RuntimeException e) {
      throw new Unavailable(UpstreamFailure.BAD_GATEWAY);
    }
  }
}
