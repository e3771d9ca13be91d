package com.threatcommand.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.threatcommand.gateway.web.GatewayConfig;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Key verifications remembered by the gateway (contracts.md, "Gateway policy"), keyed by a hash of
 * accountId + key, never the key. A positive answer is used for at most {@code positive-ttl}, never
 * past the key's {@code expiresAt}, and only while the revocation stream is live; while it is down
 * an answer older than {@code untrusted-ttl} (1 s) is not used. A revoked keyId drops every entry
 * with that keyId at once and is remembered, so that a verification already in flight when the
 * revocation arrived cannot put the key back.
 */
@Singleton
public class KeyCache {
  /** A positive verification. */
  record Entry(Caller caller, long verifiedAtNanos, long notAfterMillis, long generation) {}

  private final Cache<TokenHash, Entry> positive;
  private final Cache<TokenHash, Boolean> negative;
  private final Cache<String, Boolean> revoked;
  private final long untrustedNanos;

  KeyCache(GatewayConfig config) {
    GatewayConfig.Keys keys = config.keys();
    Duration positiveTtl = keys.positiveTtl().compareTo(Duration.ofSeconds(60)) > 0
        ? Duration.ofSeconds(60)
        : keys.positiveTtl();
    this.positive =
        Caffeine.newBuilder().executor(Runnable::run).maximumSize(keys.cacheSize()).expireAfterWrite(positiveTtl).build();
    this.negative =
        Caffeine.newBuilder().executor(Runnable::run).maximumSize(keys.cacheSize()).expireAfterWrite(keys.negativeTtl()).build();
    this.revoked =
        Caffeine.newBuilder().executor(Runnable::run).maximumSize(keys.cacheSize()).expireAfterWrite(Duration.ofMinutes(10)).build();
    this.untrustedNanos = keys.untrustedTtl().toNanos();
  }

  /** A usable positive entry, or null. */
  Caller lookup(TokenHash hash, boolean streamLive, long generation) {
    Entry entry = positive.getIfPresent(hash);
    if (entry == null) {
      return null;
    }
    boolean fresh = System.nanoTime() - entry.verifiedAtNanos() < untrustedNanos;
    boolean trusted = streamLive ? entry.generation() == generation || fresh : fresh;
    if (!trusted
        || System.currentTimeMillis() >= entry.notAfterMillis()
        || revoked.getIfPresent(entry.caller().keyId()) != null) {
      positive.invalidate(hash);
      return null;
    }
    return entry.caller();
  }

  boolean knownBad(TokenHash hash) {
    return negative.getIfPresent(hash) != null;
  }

  boolean isRevoked(String keyId) {
    return revoked.getIfPresent(keyId) != null;
  }

  void remember(TokenHash hash, Caller caller, long notAfterMillis, long generation) {
    if (isRevoked(caller.keyId())) {
      return;
    }
    positive.put(hash, new Entry(caller, System.nanoTime(), notAfterMillis, generation));
  }

  void rememberBad(TokenHash hash) {
    negative.put(hash, Boolean.TRUE);
  }

  /** A key stopped working: forget every verification of it, now. */
  public void revoke(String keyId) {
    revoked.put(keyId, Boolean.TRUE);
    positive.asMap().values().removeIf(entry -> keyId.equals(entry.caller().keyId()));
  }

  /** The revocation stream (re)connected: nothing verified before can be trusted. */
  public void clear() {
    positive.invalidateAll();
  }

  long size() {
    positive.cleanUp();
    return positive.estimatedSize();
  }
}
