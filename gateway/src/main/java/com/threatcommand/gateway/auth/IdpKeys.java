package com.threatcommand.gateway.auth;

import com.threatcommand.gateway.web.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.lang.JoseException;

/**
 * The identity provider's verification keys, from {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}: a PEM
 * public key or certificate, a JWKS or a single JWK, in a file, on the class path or at an http(s)
 * URL. A URL is fetched without blocking, again every {@code jwks-refresh}, and on demand when a
 * token names an unknown {@code kid} (at most once per {@code jwks-min-refresh-interval}).
 */
@ApplicationScoped
public class IdpKeys {
  private static final Logger LOG = Logger.getLogger(IdpKeys.class);

  /** A snapshot of the keys: by kid, and all of them for tokens without a kid. */
  record KeySet(Map<String, PublicKey> byKid, List<PublicKey> all, long version) {
    static final KeySet EMPTY = new KeySet(Map.of(), List.of(), 0);
  }

  private final Vertx vertx;
  private final Optional<String> location;
  private final GatewayConfig.Idp config;
  private final AtomicLong versions = new AtomicLong();
  private volatile KeySet keys = KeySet.EMPTY;
  private volatile long lastFetchNanos = Long.MIN_VALUE / 2;
  private volatile Future<KeySet> inFlight;
  private final List<Consumer<KeySet>> listeners = new ArrayList<>();
  private HttpClient client;
  private long periodic = -1;

  IdpKeys(
      Vertx vertx,
      GatewayConfig config,
      @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location) {
    this.vertx = vertx;
    this.location = location;
    this.config = config.idp();
  }

  void start(@Observes StartupEvent event) {
    String where =
        location.orElseThrow(
            () ->
                new IllegalStateException(
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION (the identity provider's key) is not set"));
    if (KeyMaterial.isRemote(where)) {
      client =
          vertx.createHttpClient(
              new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(10),
              new PoolOptions().setHttp1MaxSize(2));
      fetch();
      periodic = vertx.setPeriodic(config.jwksRefresh().toMillis(), id -> fetch());
    } else {
      keys = parse(KeyMaterial.read(where));
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (periodic >= 0) {
      vertx.cancelTimer(periodic);
    }
    if (client != null) {
      client.close();
    }
  }

  boolean remote() {
    return client != null;
  }

  KeySet current() {
    return keys;
  }

  /** Called whenever the key set changes (the token cache drops what it verified before). */
  synchronized void onChange(Consumer<KeySet> listener) {
    listeners.add(listener);
  }

  /**
   * A token named a kid we do not know: fetch the JWKS again unless that was done recently. The
   * future completes with the (possibly unchanged) key set.
   */
  Future<KeySet> refreshForUnknownKid() {
    if (client == null) {
      return Future.succeededFuture(keys);
    }
    Future<KeySet> running = inFlight;
    if (running != null) {
      return running;
    }
    if (System.nanoTime() - lastFetchNanos < config.jwksMinRefreshInterval().toNanos()) {
      return Future.succeededFuture(keys);
    }
    return fetch();
  }

  private synchronized Future<KeySet> fetch() {
    if (inFlight != null) {
      return inFlight;
    }
    lastFetchNanos = System.nanoTime();
    Promise<KeySet> promise = Promise.promise();
    inFlight = promise.future();
    client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(location.get())
                .setTimeout(5000)
                .putHeader("Accept", "application/json, application/jwk-set+json"))
        .compose(request -> request.send())
        .compose(
            response -> {
              if (response.statusCode() != 200) {
                return Future.failedFuture("JWKS answered " + response.statusCode());
              }
              return response.body();
            })
        .onComplete(
            ar -> {
              KeySet result = keys;
              if (ar.succeeded()) {
                try {
                  KeySet fetched = parse(ar.result().toString());
                  if (!fetched.byKid().keySet().equals(keys.byKid().keySet())
                      || fetched.all().size() != keys.all().size()) {
                    keys = fetched;
                    notifyListeners(fetched);
                  }
                  result = keys;
                } catch (RuntimeException e) {
                  LOG.warnf("The identity provider's JWKS could not be parsed: %s", e.getMessage());
                }
              } else {
                LOG.warnf("The identity provider's JWKS could not be fetched: %s", ar.cause().getMessage());
              }
              synchronized (this) {
                inFlight = null;
              }
              promise.complete(result);
            });
    return promise.future();
  }

  private synchronized void notifyListeners(KeySet set) {
    for (Consumer<KeySet> listener : listeners) {
      listener.accept(set);
    }
  }

  /** PEM (key or certificate), a JWKS or a single JWK; only RSA and EC signature keys are kept. */
  KeySet parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("-----BEGIN")) {
      return new KeySet(Map.of(), List.of(KeyMaterial.publicKey(trimmed)), versions.incrementAndGet());
    }
    try {
      List<JsonWebKey> jwks =
          trimmed.contains("\"keys\"")
              ? new JsonWebKeySet(trimmed).getJsonWebKeys()
              : List.of(JsonWebKey.Factory.newJwk(trimmed));
      Map<String, PublicKey> byKid = new HashMap<>();
      List<PublicKey> all = new ArrayList<>();
      for (JsonWebKey jwk : jwks) {
        if (!(jwk instanceof PublicJsonWebKey publicJwk)) {
          continue;
        }
        if (jwk.getUse() != null && !Use.SIGNATURE.equals(jwk.getUse())) {
          continue;
        }
        Key key = publicJwk.getPublicKey();
        if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
          continue;
        }
        all.add((PublicKey) key);
        if (jwk.getKeyId() != null) {
          byKid.put(jwk.getKeyId(), (PublicKey) key);
        }
      }
      return new KeySet(Map.copyOf(byKid), List.copyOf(all), versions.incrementAndGet());
    } catch (JoseException e) {
      throw new IllegalStateException("Not a JWKS, JWK or PEM key: " + e.getMessage(), e);
    }
  }
}
