package com.threatcommand.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A "service" that answers the first request on each connection and keeps the connection open,
 * then closes it, unanswered, when the next request arrives on it: a service that is stopping
 * closes its idle keep-alive connections, and the gateway reuses one at that moment. Counts the
 * requests for {@code requestLine} only (the gateway has requests of its own for a service), and
 * keeps what arrived of each it answered, head and body. A first answer takes 200 ms, so that
 * requests sent together each open a connection, and waits for the request's whole body.
 */
public final class ClosingKeepAlive {
  private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length: *(\\d+)");
  public final AtomicInteger dropped = new AtomicInteger();
  /** Each answered request as it arrived (up to its answer): request line, headers and body. */
  public final List<String> answeredRequests = new CopyOnWriteArrayList<>();
  private final StandIn standIn;

  public ClosingKeepAlive(Vertx vertx, String requestLine) {
    NetServer server =
        vertx
            .createNetServer()
            .connectHandler(
                socket -> {
                  StringBuilder received = new StringBuilder();
                  int[] requests = {0};
                  // the first request's answer: due 200 ms after its head, sent once it is all in
                  boolean[] due = {false};
                  boolean[] sent = {false};
                  boolean[] firstCounted = {false};
                  Runnable answer =
                      () -> {
                        if (sent[0] || !due[0] || !complete(received)) {
                          return;
                        }
                        sent[0] = true;
                        if (firstCounted[0]) {
                          answeredRequests.add(received.toString());
                        }
                        socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
                      };
                  socket.handler(
                      data -> {
                        received.append(data.toString(StandardCharsets.ISO_8859_1));
                        String[] parts = received.toString().split(" HTTP/1\\.1\r\n", -1);
                        if (parts.length - 1 == requests[0]) {
                          answer.run(); // the rest of a request already counted
                          return;
                        }
                        requests[0] = parts.length - 1;
                        String latest = parts[parts.length - 2]; // up to the request target
                        boolean counted = latest.endsWith(requestLine); // after a body, no line break
                        if (requests[0] == 1) {
                          firstCounted[0] = counted;
                          vertx.setTimer(
                              200,
                              id -> {
                                due[0] = true;
                                answer.run();
                              });
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

  /** Whether the first request in {@code received} is all in: its head, and its body if any. */
  private static boolean complete(CharSequence received) {
    String text = received.toString();
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      return false;
    }
    String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
    Matcher length = CONTENT_LENGTH.matcher(head);
    if (length.find()) {
      return text.length() - headEnd - 4 >= Integer.parseInt(length.group(1));
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return text.endsWith("\r\n0\r\n\r\n");
    }
    return true;
  }

  /** How many requests for {@code requestLine} it answered. */
  public int answered() {
    return answeredRequests.size();
  }

  /** Runs {@code test} with this server in place of {@code service}. */
  public void inPlaceOf(FakeService service, StandIn.ThrowingRunnable test) throws Exception {
    standIn.inPlaceOf(service, test);
  }
}
