package com.threatcommand.common.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request's whole body is in before the request goes on to JAX-RS: it is read on the event loop,
 * holding nothing, up to {@code quarkus.http.limits.max-body-size} (past it 413, as a declared
 * length over it already is). Without this, RESTEasy Reactive reads a blocking method's body on
 * its worker thread, blocked while the bytes come in, and only after the request filters: a caller
 * that sends its body slowly held a worker, and its account's turn ({@link AccountChangeTurns}),
 * until the gateway gave up on it (408 after 20 s), while the account's other changes waited
 * their turn and got 503 (deploy/chaos/run, scenario 6). JAX-RS then reads the body from memory.
 *
 * <p>Requests without a body (no {@code Content-Length}, no {@code Transfer-Encoding}, or already
 * ended) go straight on, and so do HTTP/2 ones.
 */
@ApplicationScoped
public class BodiesFirst {
  private final long maxBodyBytes;

  BodiesFirst(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
    this.maxBodyBytes = maxBody.asLongValue();
  }

  void install(@Observes Router router) {
    BodyHandler bodies =
        BodyHandler.create(false)
            .setBodyLimit(maxBodyBytes)
            .setMergeFormAttributes(false)
            .setPreallocateBodyBuffer(true);
    router
        .route()
        .order(Integer.MIN_VALUE + 2) // after the request ID and EdgeRoutes' declared-length check
        .handler(
            rc -> {
              // HTTP/2 (a client's h2c upgrade; the gateway speaks HTTP/1.1) is left to JAX-RS:
              // it pauses every request it takes, which HTTP/2 refuses once the request is read.
              if (rc.request().version() == HttpVersion.HTTP_2 || rc.request().isEnded()) {
                rc.next();
              } else {
                bodies.handle(rc);
              }
            });
  }
}
