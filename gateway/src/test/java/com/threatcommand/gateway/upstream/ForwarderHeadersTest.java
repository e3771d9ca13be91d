package com.threatcommand.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which caller headers never reach a service (plain unit test). */
class ForwarderHeadersTest {
  @Test
  void credentialsForwardingAndIdentityHeadersAreDroppedInAnyCase() {
    for (String name :
        Set.of(
            "Authorization", "authorization", "COOKIE", "Proxy-Authorization", "Forwarded",
            "X-Forwarded-For", "x-forwarded-host", "X-Real-IP", "X-User-Id", "X-Account-Id",
            "X-Tenant-Id", "X-Auth-Request-Email", "X-Internal-Secret", "X-Api-Key", "X-Groups")) {
      assertTrue(Forwarder.dropped(name), name);
    }
  }

  @Test
  void ordinaryHeadersPass() {
    for (String name :
        Set.of(
            "Accept", "Content-Type", "Idempotency-Key", "X-Request-Id", "Accept-Language",
            "User-Agent", "If-None-Match", "X", "X-")) {
      assertFalse(Forwarder.dropped(name), name);
    }
  }

  @Test
  void scrubRemovesEveryValueOfADroppedHeader() {
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Cookie", "a=1")
            .add("cookie", "b=2")
            .add("X-Forwarded-For", "1.2.3.4")
            .add("Accept", "application/json");
    Forwarder.scrub(headers);
    assertEquals(Set.of("Accept"), headers.names());
  }
}
