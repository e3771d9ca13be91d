package com.threatcommand.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.threatcommand.gateway.web.GatewayConfig;
import io.vertx.core.Future;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * Verifies the identity provider's JWTs: compact JWS only, RS256 or ES256 only, no key material
 * taken from the token ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c} and {@code crit} are
 * refused), a sane {@code kid}, signature, {@code iss}, {@code aud}, {@code exp} (required),
 * {@code nbf}, {@code sub}, with at most 60 s of clock skew. A verified token is remembered by its
 * SHA-256 of its exact text until its own {@code exp} (never the skew beyond it), so the signature
 * is checked once per token, not once per request: a token that differs in one byte is another
 * digest and is verified in full. A refused one is remembered for a few seconds so that refusing
 * is no slower than accepting. The memory is bounded ({@code gateway.idp.cache-size}) and read
 * with the same clock as the verification.
 */
@Singleton
@io.quarkus.runtime.Startup
public class IdpTokens {
  private static final Logger LOG = Logger.getLogger(IdpTokens.class);
  private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");
  private static final long NEGATIVE_TTL_MILLIS = 5_000;

  private final IdpKeys keys;
  private final String issuer;
  private final String[] audiences;
  private final int skewSeconds;
  private final Clock clock;
  private final Cache<TokenHash, Object> verified;

  /** A refusal remembered for a few seconds. */
  private record Refused(String reason, long untilMillis) {}

  IdpTokens(
      IdpKeys keys,
      GatewayConfig config,
      Clock clock,
      @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
      @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<List<String>> audiences) {
    this.keys = keys;
    this.clock = clock;
    this.issuer =
        issuer.orElseThrow(() -> new IllegalStateException("MP_JWT_VERIFY_ISSUER is not set"));
    this.audiences =
        audiences
            .filter(list -> !list.isEmpty())
            .orElseThrow(() -> new IllegalStateException("MP_JWT_VERIFY_AUDIENCES is not set"))
            .toArray(String[]::new);
    this.skewSeconds = (int) Math.min(60, config.idp().clockSkew().toSeconds());
    this.verified =
        Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(config.idp().cacheSize())
            .expireAfter(
                new Expiry<TokenHash, Object>() {
                  @Override
                  public long expireAfterCreate(TokenHash key, Object value, long currentTime) {
                    long until =
                        value instanceof IdpIdentity identity
                            ? identity.expiresAtMillis()
                            : ((Refused) value).untilMillis();
                    return Duration.ofMillis(Math.max(0, until - clock.millis()))
                        .toNanos();
                  }

                  @Override
                  public long expireAfterUpdate(
                      TokenHash key, Object value, long currentTime, long currentDuration) {
                    return expireAfterCreate(key, value, currentTime);
                  }

                  @Override
                  public long expireAfterRead(
                      TokenHash key, Object value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
    keys.onChange(
        set -> {
          // A key may have been withdrawn: what was verified with it is verified again.
          verified.invalidateAll();
        });
  }

  /** The verified identity, or a failed future with {@link AuthenticationFailed}. */
  public Future<IdpIdentity> verify(String token) {
    TokenHash hash = TokenHash.of(token, null);
    Object cached = verified.getIfPresent(hash);
    long now = clock.millis();
    if (cached instanceof IdpIdentity identity && identity.expiresAtMillis() > now) {
      return Future.succeededFuture(identity);
    }
    if (cached instanceof Refused refused && refused.untilMillis() > now) {
      return Future.failedFuture(new AuthenticationFailed(refused.reason()));
    }
    Header header;
    try {
      header = header(token);
    } catch (AuthenticationFailed e) {
      return refuse(hash, e.getMessage(), true);
    }
    PublicKey key = resolve(keys.current(), header);
    if (key != null) {
      return check(hash, token, key);
    }
    if (header.kid() == null || !keys.remote() || keys.current().byKid().containsKey(header.kid())) {
      return refuse(hash, "no key for this token", true);
    }
    // An unknown kid: the identity provider may have rotated its keys.
    return keys.refreshForUnknownKid()
        .compose(
            set -> {
              PublicKey refreshed = resolve(set, header);
              return refreshed == null
                  ? refuse(hash, "unknown kid", false)
                  : check(hash, token, refreshed);
            });
  }

  private Future<IdpIdentity> check(TokenHash hash, String token, PublicKey key) {
    try {
      JwtClaims claims = consumer(key, clock.millis()).processToClaims(token);
      IdpIdentity identity = identity(claims);
      verified.put(hash, identity);
      return Future.succeededFuture(identity);
    } catch (InvalidJwtException e) {
      // nbf in the future may become valid: not remembered. Everything else is final.
      boolean remember = !e.hasErrorCode(ErrorCodes.NOT_YET_VALID);
      StringBuilder reason = new StringBuilder();
      e.getErrorDetails().forEach(d -> reason.append(d.getErrorCode()).append(' '));
      return refuse(hash, "invalid claims or signature, codes " + reason, remember);
    } catch (MalformedClaimException | RuntimeException e) {
      return refuse(hash, "malformed claims", true);
    }
  }

  private Future<IdpIdentity> refuse(TokenHash hash, String reason, boolean remember) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf("Bearer token refused: %s", reason);
    }
    if (remember) {
      verified.put(hash, new Refused(reason, clock.millis() + NEGATIVE_TTL_MILLIS));
    }
    return Future.failedFuture(new AuthenticationFailed(reason));
  }

  /**
   * A consumer for this key, evaluating times at {@code nowMillis}. Made for each full
   * verification, which happens once per token: the cost is the signature check's, not this.
   */
  private JwtConsumer consumer(PublicKey key, long nowMillis) {
    return new JwtConsumerBuilder()
        .setEvaluationTime(NumericDate.fromMilliseconds(nowMillis))
        .setRequireExpirationTime()
        .setRequireSubject()
        .setAllowedClockSkewInSeconds(skewSeconds)
        .setExpectedIssuer(true, issuer)
        .setExpectedAudience(true, audiences)
        .setVerificationKey(key)
        .setJwsAlgorithmConstraints(
            new AlgorithmConstraints(
                ConstraintType.PERMIT,
                key instanceof ECPublicKey
                    ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                    : AlgorithmIdentifiers.RSA_USING_SHA256))
        .setJweAlgorithmConstraints(AlgorithmConstraints.DISALLOW_NONE)
        .build();
  }

  private static IdpIdentity identity(JwtClaims claims) throws MalformedClaimException {
    Object rawGroups = claims.getClaimValue("groups");
    Set<String> groups = new LinkedHashSet<>();
    if (rawGroups instanceof String single) {
      groups.add(single);
    } else if (rawGroups instanceof List<?> list) {
      for (Object group : list) {
        if (group instanceof String name) {
          groups.add(name);
        }
      }
    }
    return new IdpIdentity(
        claims.getSubject(),
        stringClaim(claims, "account_id"),
        Set.copyOf(groups),
        stringClaim(claims, "email"),
        stringClaim(claims, "name"),
        claims.getExpirationTime().getValueInMillis());
  }

  private static String stringClaim(JwtClaims claims, String name) {
    Object value = claims.getClaimValue(name);
    return value instanceof String text ? text : null;
  }

  /** The parts of the JOSE header the gateway looks at before it touches a key. */
  record Header(String alg, String kid) {}

  static Header header(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new AuthenticationFailed("not a compact JWS");
    }
    Map<String, Object> header;
    try {
      byte[] json = Base64.getUrlDecoder().decode(token.substring(0, first));
      header = JsonUtil.parseJson(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JoseException e) {
      throw new AuthenticationFailed("unreadable header");
    }
    for (String forbidden : FORBIDDEN_HEADERS) {
      if (header.containsKey(forbidden)) {
        throw new AuthenticationFailed("header " + forbidden + " is not accepted");
      }
    }
    Object alg = header.get("alg");
    if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg)
        && !AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(alg)) {
      throw new AuthenticationFailed("algorithm not allowed");
    }
    Object kid = header.get("kid");
    if (kid != null && !(kid instanceof String text && saneKid(text))) {
      throw new AuthenticationFailed("kid not acceptable");
    }
    return new Header((String) alg, (String) kid);
  }

  /** 1..128 of {@code [A-Za-z0-9._-]}, never {@code ..}: no paths, no URLs, no injection. */
  static boolean saneKid(String kid) {
    if (kid.isEmpty() || kid.length() > 128 || kid.contains("..")) {
      return false;
    }
    for (int i = 0; i < kid.length(); i++) {
      char c = kid.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The key for this header: by kid when the set has kids, else the one key of the right type. */
  private static PublicKey resolve(IdpKeys.KeySet set, Header header) {
    if (header.kid() != null && !set.byKid().isEmpty()) {
      PublicKey key = set.byKid().get(header.kid());
      return key != null && fits(key, header.alg()) ? key : null;
    }
    PublicKey only = null;
    for (PublicKey key : set.all()) {
      if (fits(key, header.alg())) {
        if (only != null) {
          return null; // ambiguous without a kid
        }
        only = key;
      }
    }
    return only;
  }

  private static boolean fits(PublicKey key, String alg) {
    return AlgorithmIdentifiers.RSA_USING_SHA256.equals(alg)
        ? key instanceof RSAPublicKey
        : key instanceof ECPublicKey;
  }
}
