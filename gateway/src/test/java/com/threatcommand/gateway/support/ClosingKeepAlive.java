package com.threatcommand.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "service" that answers the first request on each connection and keeps the connection open,
 * then closes it, unanswered, when the next request arrives on it: a service that is stopping
 * closes its idle keep-alive connections, and the gateway reuses one at that moment. Counts the
 * requests for {@code requestLine} only (the gateway has requests of its own for a service). A
 * first answer takes 200 ms, so that requests sent together each open a connection.
 */
public final class ClosingKeepAlive {
  public final AtomicInteger answered = new AtomicInteger();
  public final AtomicInteger dropped = new AtomicInteger();
  private final StandIn standIn;

  public ClosingKeepAlive(Vertx vertx, String requestLine) {
    NetServer server =
        vertx
            .createNetServer()
            .connectHandler(
                socket -> {
                  StringBuilder received = new StringBuilder();
                  int[] requests = {0};
                  socket.handler(
                      data -> {
                        received.append(data.toString(StandardCharsets.ISO_8859_1));
                        String[] parts = received.toString().split(" HTTP/1\\.1\r\n", -1);
                        if (parts.length - 1 == requests[0]) {
                          return; // the rest of a request already counted
                        }
                        requests[0] = parts.length - 1;
                        String latest = parts[parts.length - 2]; // up to the request target
                        boolean counted = latest.endsWith(requestLine); // after a body, no line break
                        if (requests[0] == 1) {
                          if (counted) {
                            answered.incrementAndGet();
                          }
                          vertx.setTimer(
                              200,
                              id ->
                                  socket.write(
                                      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"));
                        } else {
                          if (counted) {
                            dropped.incrementAndGet();
                          }
                          socket.close();
                        }
                      });
                });
    standIn = new StandIn(server);
  }

  /** Runs {@code test} with this server in place of {@code service}. */
  public void inPlaceOf(FakeService service, StandIn.ThrowingRunnable test) throws Exception {
    standIn.inPlaceOf(service, test);
  }
}
