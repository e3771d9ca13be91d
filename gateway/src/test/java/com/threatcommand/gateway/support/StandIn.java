package com.threatcommand.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.util.concurrent.TimeUnit;

/** A raw TCP server that takes a fake service's place, on its port, for the length of a test. */
public final class StandIn {
  private final NetServer server;

  public StandIn(NetServer server) {
    this.server = server;
  }

  /** A "service" that accepts each connection and closes it, unanswered, when a request arrives. */
  public static StandIn droppingEveryConnection(Vertx vertx) {
    return new StandIn(vertx.createNetServer().connectHandler(socket -> socket.handler(data -> socket.close())));
  }

  /** Runs {@code test} with this server in place of {@code service}, which is back afterwards. */
  public void inPlaceOf(FakeService service, ThrowingRunnable test) throws Exception {
    service.stop();
    try {
      FakeService.listenWhenFree("the stand-in", service.port(), server::listen);
      test.run();
    } finally {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      service.start();
    }
  }

  /** What runs while the stand-in takes a service's place. */
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
