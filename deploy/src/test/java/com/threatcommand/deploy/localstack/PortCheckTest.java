package com.threatcommand.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCheckTest {

  @Test
  void aPortSomeoneListensOnIsNamedWithItsVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      StackException e =
          assertThrows(
              StackException.class,
              () -> PortCheck.requireFree(List.of(new Settings.Port("gateway", "STACK_GATEWAY_PORT", port))));

      assertEquals(3, e.exitCode);
      assertTrue(e.getMessage().contains("port " + port + " (gateway) is already in use"), e.getMessage());
      assertTrue(e.getMessage().contains("STACK_GATEWAY_PORT"), e.getMessage());
    }
  }

  @Test
  void aPortBoundOnEveryAddressIsTakenToo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      assertTrue(PortCheck.inUse(taken.getLocalPort()));
    }
  }

  @Test
  void freePortsPass() {
    int one = PortCheck.anyFree();
    assertFalse(PortCheck.inUse(one));
    PortCheck.requireFree(List.of(new Settings.Port("gateway", "STACK_GATEWAY_PORT", one)));
  }

  @Test
  void onePortForTwoPartsIsRefused() {
    int port = PortCheck.anyFree();
    StackException e =
        assertThrows(
            StackException.class,
            () ->
                PortCheck.requireFree(
                    List.of(
                        new Settings.Port("gateway", "STACK_GATEWAY_PORT", port),
                        new Settings.Port("credentials-service", "STACK_CREDENTIALS_PORT", port))));
    assertTrue(e.getMessage().contains("STACK_GATEWAY_PORT") && e.getMessage().contains("STACK_CREDENTIALS_PORT"));
  }
}
