package com.threatcommand.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.threatcommand.gateway.web.GatewayConfig;
import jakarta.inject.Singleton;

/**
 * Slows down guessing: a client (by remote address) that made {@code failures} failed Basic logins
 * within {@code window} gets 429 until the window ends, before its credentials are even looked at,
 * so a correct guess made while limited teaches it nothing.
 */
@Singleton
public class LoginLimiter {
  /** Failures of one client in its current window. */
  private static final class Window {
    long startedMillis;
    int failures;
  }

  private final int limit;
  private final long windowMillis;
  private final Cache<String, Window> clients;

  LoginLimiter(GatewayConfig config) {
    this.limit = config.loginLimit().failures();
    this.windowMillis = config.loginLimit().window().toMillis();
    this.clients =
        Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(200_000)
            .expireAfterAccess(config.loginLimit().window())
            .build();
  }

  /** Seconds the client must wait, or 0 if it may try. */
  public long retryAfterSeconds(String client) {
    Window window = clients.getIfPresent(client);
    if (window == null) {
      return 0;
    }
    synchronized (window) {
      long left = window.startedMillis + windowMillis - System.currentTimeMillis();
      if (left <= 0 || window.failures < limit) {
        return 0;
      }
      return Math.max(1, (left + 999) / 1000);
    }
  }

  public void failed(String client) {
    Window window = clients.get(client, k -> new Window());
    synchronized (window) {
      long now = System.currentTimeMillis();
      if (window.failures == 0 || now - window.startedMillis >= windowMillis) {
        window.startedMillis = now;
        window.failures = 0;
      }
      window.failures++;
    }
  }
}
