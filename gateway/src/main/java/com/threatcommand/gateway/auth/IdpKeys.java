package com.threatcommand.gateway.auth;

import com.threatcommand.gateway.web.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
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
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.lang.JoseException;

/**
 * The identity provider's verification keys, from {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}: a PEM
 * public key or certificate, a JWKS or a single JWK in a file or on the class path, or a JWKS at an
 * http(s) URL. A URL is fetched by jose4j's {@link HttpsJwks} on a worker thread, again every
 * {@code jwks-refresh}, and on demand when a token names an unknown {@code kid} (at most once per
 * {@code jwks-min-refresh-interval}, whether the last fetch worked or not). A fetch that fails keeps
 * the keys there were.
 */
@Singleton
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
  private final List<Consumer<KeySet>> listeners = new ArrayList<>();
  private volatile KeySet keys = KeySet.EMPTY;
  private long lastFetchNanos = Long.MIN_VALUE / 2;
  private Future<KeySet> inFlight;
  private HttpsJwks jwks;
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
      Get get = new Get();
      get.setConnectTimeout(5000);
      get.setReadTimeout(5000);
      get.setRetries(0); // the next refresh is the retry
      jwks = new HttpsJwks(where);
      jwks.setSimpleHttpGet(get);
      jwks.setRefreshReprieveThreshold(0); // the interval between fetches is ours, below
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
  }

  boolean remote() {
    return jwks != null;
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
  synchronized Future<KeySet> refreshForUnknownKid() {
    if (jwks == null) {
      return Future.succeededFuture(keys);
    }
    if (inFlight == null
        && System.nanoTime() - lastFetchNanos < config.jwksMinRefreshInterval().toNanos()) {
      return Future.succeededFuture(keys);
    }
    return fetch();
  }

  private synchronized Future<KeySet> fetch() {
    if (inFlight != null) {
      return inFlight;
    }
    lastFetchNanos = System.nanoTime();
    inFlight =
        vertx
            .executeBlocking(
                () -> {
                  jwks.refresh();
                  return keySet(jwks.getJsonWebKeys());
                },
                false)
            .map(this::changed)
            .otherwise(
                failure -> {
                  LOG.warnf("The identity provider's JWKS could not be fetched: %s", failure.getMessage());
                  return keys;
                })
            .andThen(done -> finished());
    return inFlight;
  }

  private synchronized void finished() {
    inFlight = null;
  }

  /** Keeps a fetched set that differs from the current one and tells the listeners. */
  private synchronized KeySet changed(KeySet fetched) {
    if (!fetched.byKid().keySet().equals(keys.byKid().keySet())
        || fetched.all().size() != keys.all().size()) {
      keys = fetched;
      listeners.forEach(listener -> listener.accept(fetched));
    }
    return keys;
  }

  /** PEM (key or certificate), a JWKS or a single JWK. */
  KeySet parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("-----BEGIN")) {
      return new KeySet(Map.of(), List.of(KeyMaterial.publicKey(trimmed)), versions.incrementAndGet());
    }
    try {
      return keySet(
          trimmed.contains("\"keys\"")
              ? new JsonWebKeySet(trimmed).getJsonWebKeys()
              : List.of(JsonWebKey.Factory.newJwk(trimmed)));
    } catch (JoseException e) {
      throw new IllegalStateException("Not a JWKS, JWK or PEM key: " + e.getMessage(), e);
    }
  }

  /** Only RSA and EC public keys for signatures are kept. */
  private KeySet keySet(List<JsonWebKey> jwks) {
    Map<String, PublicKey> byKid = new HashMap<>();
    List<PublicKey> all = new ArrayList<>();
    for (JsonWebKey jwk : jwks) {
      if (!(jwk instanceof PublicJsonWebKey publicJwk)
          || (jwk.getUse() != null && !Use.SIGNATURE.equals(jwk.getUse()))) {
        continue;
      }
      Key key = publicJwk.getPublicKey();
      if (key instanceof RSAPublicKey || key instanceof ECPublicKey) {
        all.add((PublicKey) key);
        if (jwk.getKeyId() != null) {
          byKid.put(jwk.getKeyId(), (PublicKey) key);
        }
      }
    }
    return new KeySet(Map.copyOf(byKid), List.copyOf(all), versions.incrementAndGet());
  }
}
