package com.threatcommand.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Prefix matching is exact about segment boundaries (plain unit test). */
class RouteTableTest {
  @Test
  void prefixesMatchWholeSegmentsOnly() {
    assertEquals(RouteTable.SUBSCRIPTION, RouteTable.match("/api/v1/subscription"));
    assertEquals(RouteTable.SUBSCRIPTION, RouteTable.match("/api/v1/subscription/credits/debits"));
    assertEquals(RouteTable.NOT_FOUND, RouteTable.match("/api/v1/subscriptionx"));
    assertEquals(RouteTable.CREDENTIALS, RouteTable.match("/api/v1/credentials"));
    assertEquals(RouteTable.NOT_FOUND, RouteTable.match("/api/v1/credentialsx/api-key"));
    assertEquals(RouteTable.PROVISIONING, RouteTable.match("/api/v1/provisioning/accounts/a/subscription"));
    assertEquals(RouteTable.NOT_FOUND, RouteTable.match("/api/v1/provisioning"));
    assertEquals(RouteTable.NOT_FOUND, RouteTable.match("/public/v1/account/subscription/"));
    assertEquals(RouteTable.NOT_FOUND, RouteTable.match("/internal/v1/keys/verify"));
    assertEquals(RouteTable.NOT_FOUND, RouteTable.match("/api"));
    assertNull(RouteTable.match("/"));
    assertNull(RouteTable.match("/openapi"));
    assertNull(RouteTable.match("/q/health/ready"));
    assertNull(RouteTable.match("/apix"));
  }

  @Test
  void theApiGuideIsTheGatewaysOwnUnderTheSubscriptionPrefix() {
    Route guide = RouteTable.match("/api/v1/subscription/documents/api-guide");
    assertEquals(Route.Target.API_GUIDE, guide.target());
    assertEquals(Access.ADMIN, guide.access());
    assertEquals("GET, HEAD", guide.allow());
    assertEquals(RouteTable.SUBSCRIPTION, RouteTable.match("/api/v1/subscription/documents/user-guide"));
    assertEquals(RouteTable.SUBSCRIPTION, RouteTable.match("/api/v1/subscription/documents/api-guide/x"));
  }

  @Test
  void accountIdsAreCheckedLikeThePatternOfApiMd() {
    assertEquals(true, AccountIds.valid("5f1e2d3c4b5a697887766554"));
    assertEquals(true, AccountIds.valid("a_B-9"));
    assertEquals(true, AccountIds.valid("a".repeat(64)));
    assertEquals(false, AccountIds.valid("a".repeat(65)));
    assertEquals(false, AccountIds.valid(""));
    assertEquals(false, AccountIds.valid("a/b"));
    assertEquals(false, AccountIds.valid("a b"));
    assertEquals(false, AccountIds.valid("é"));
  }
}
