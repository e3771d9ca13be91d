package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds out, before anything starts, whether a port the stack needs is already taken. */
final class PortCheck {
  private PortCheck() {}

  /** Throws with one line per port that is in use (or configured twice); returns when all are free. */
  static void requireFree(List<Settings.Port> ports) {
    List<String> problems = new ArrayList<>();
    Map<Integer, Settings.Port> seen = new HashMap<>();
    for (Settings.Port port : ports) {
      Settings.Port other = seen.putIfAbsent(port.number(), port);
      if (other != null) {
        problems.add(
            "port " + port.number() + " is configured for both " + other.what() + " (" + other.variable()
                + ") and " + port.what() + " (" + port.variable() + ")");
      } else if (inUse(port.number())) {
        problems.add(
            "port " + port.number() + " (" + port.what() + ") is already in use: stop what listens"
                + " there (`ss -ltnp 'sport = :" + port.number() + "'` or `lsof -i :" + port.number()
                + "` shows it) or choose another port with " + port.variable() + "=...");
      }
    }
    if (!problems.isEmpty()) {
      throw new StackException(3, "Not starting: " + String.join("; ", problems) + ".");
    }
  }

  /** True when something listens on the port, or it cannot be bound on every address. */
  static boolean inUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
      return true;
    } catch (IOException nobodyListens) {
      // the usual case: go on and try to bind it
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // as the applications do: a port in TIME_WAIT is free
      socket.bind(new InetSocketAddress(port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** A port that is free now (for the parts that may listen anywhere). */
  static int anyFree() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StackException(1, "No free port on this machine: " + e.getMessage(), e);
    }
  }
}
