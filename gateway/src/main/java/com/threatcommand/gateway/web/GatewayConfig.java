package com.threatcommand.gateway.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything an operator can tune on the gateway (README, "Gateway" and "Configuration"). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

  Upstreams upstreams();

  Cors cors();

  InternalToken internalToken();

  Keys keys();

  LoginLimit loginLimit();

  Idp idp();

  OpenApi openapi();

  AccessLogConfig accessLog();

  /** Request bodies above this size are refused with 413, also when sent chunked. */
  @WithDefault("64K")
  MemorySize maxBodySize();

  /**
   * Time for a caller to send a request's whole body once its headers are in; past it 408 (a slow
   * caller is not a slow service: the upstream's {@code request-timeout} starts after the body).
   */
  @WithDefault("20S")
  Duration bodyTimeout();

  interface Upstreams {
    /** Base URL of subscription-service ({@code SUBSCRIPTION_SERVICE_URL}). */
    Optional<String> subscription();

    /** Base URL of credentials-service ({@code CREDENTIALS_SERVICE_URL}). */
    Optional<String> credentials();

    /** Time to open a TCP connection to an upstream; past it the request gets 503. */
    @WithDefault("2S")
    Duration connectTimeout();

    /** Time from the caller's last byte until the upstream's response starts; past it 504. */
    @WithDefault("30S")
    Duration requestTimeout();

    /** Keep-alive connections per upstream. */
    @WithDefault("100")
    int maxPoolSize();

    /** An idle pooled connection is closed after this long. */
    @WithDefault("60S")
    Duration keepAliveTimeout();
  }

  interface Cors {
    /** Origins allowed to call the API from a browser ({@code CORS_ORIGINS}, comma separated). */
    Optional<List<String>> origins();

    @WithDefault("1H")
    Duration maxAge();
  }

  interface InternalToken {
    /** {@code iss} of the tokens the gateway mints ({@code INTERNAL_TOKEN_ISSUER}). */
    @WithDefault("urn:threatcommand:gateway")
    String issuer();

    /** Lifetime of a minted token (at most 5 minutes, API.md). */
    @WithDefault("300S")
    Duration lifetime();

    /** A cached token is replaced this long before it expires. */
    @WithDefault("60S")
    Duration renewBefore();
  }

  interface Keys {
    /** Longest time a positive key verification is reused (contracts.md: at most 60 s). */
    @WithDefault("60S")
    Duration positiveTtl();

    /** How long a refused key is remembered without asking credentials-service again. */
    @WithDefault("5S")
    Duration negativeTtl();

    /** While the revocation stream is down, a cached verification is trusted this long. */
    @WithDefault("1S")
    Duration untrustedTtl();

    /** The revocation stream counts as down when no event arrived for this long. */
    @WithDefault("25S")
    Duration streamStaleAfter();

    /** Longest wait between two reconnection attempts of the revocation stream. */
    @WithDefault("5S")
    Duration streamMaxBackoff();

    @WithDefault("100000")
    long cacheSize();
  }

  interface LoginLimit {
    /** Failed Basic logins a client may make per window before it gets 429. */
    @WithDefault("10")
    int failures();

    @WithDefault("60S")
    Duration window();
  }

  interface Idp {
    /** Allowed clock difference for exp and nbf (at most 60 s). */
    @WithDefault("60S")
    Duration clockSkew();

    /** A JWKS location is fetched again this often. */
    @WithDefault("10M")
    Duration jwksRefresh();

    /** An unknown kid triggers a JWKS fetch at most this often. */
    @WithDefault("30S")
    Duration jwksMinRefreshInterval();

    /** Verified identity-provider tokens remembered (by hash) until they expire. */
    @WithDefault("100000")
    long cacheSize();
  }

  interface AccessLogConfig {
    /**
     * The access log is written in batches this often (README, "Gateway"); 0: each line as it
     * comes, through the log configuration's own handlers.
     */
    @WithDefault("0S")
    Duration flushInterval();

    /** Lines queued past this are written by the request's own thread: none is ever dropped. */
    @WithDefault("16384")
    int maxPending();
  }

  interface OpenApi {
    /** The services' documents are fetched again this often. */
    @WithDefault("60S")
    Duration refresh();

    /** The server URL written into the document; default: the URL the document was asked at. */
    Optional<String> publicUrl();
  }
}
