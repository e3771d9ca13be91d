package com.threatcommand.credentials.revocation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The subscribers of this replica's revocation stream. A subscriber gets {@code ready} as soon as
 * this replica's LISTEN connection is live, then a {@code revoked} event per NOTIFY and a {@code
 * ping} every ping interval. When the LISTEN connection is lost every stream is ended, so that a
 * gateway never trusts a stream that could miss a revocation; it reconnects and gets a new {@code
 * ready} once the connection is back.
 */
@ApplicationScoped
public class RevocationHub {
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private volatile boolean live;

  RevocationHub(MeterRegistry registry) {
    Gauge.builder("credentials.revocation.subscribers", subscribers, Set::size)
        .description("Open revocation streams on this replica")
        .register(registry);
  }

  private static final class Subscriber {
    final MultiEmitter<? super OutboundSseEvent> emitter;
    final Sse sse;
    final AtomicBoolean ready = new AtomicBoolean();

    Subscriber(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
      this.emitter = emitter;
      this.sse = sse;
    }

    void send(String name, String data) {
      emitter.emit(
          sse.newEventBuilder().name(name).mediaType(MediaType.TEXT_PLAIN_TYPE).data(data).build());
    }

    void ready() {
      if (ready.compareAndSet(false, true)) {
        send("ready", "{}");
      }
    }
  }

  public Multi<OutboundSseEvent> subscribe(Sse sse) {
    return Multi.createFrom()
        .emitter(
            emitter -> {
              Subscriber subscriber = new Subscriber(emitter, sse);
              subscribers.add(subscriber);
              emitter.onTermination(() -> subscribers.remove(subscriber));
              if (live) {
                subscriber.ready();
              }
            });
  }

  public boolean isLive() {
    return live;
  }

  /** The LISTEN connection is up: every waiting subscriber gets {@code ready}. */
  void listening() {
    live = true;
    subscribers.forEach(Subscriber::ready);
  }

  /** The LISTEN connection is lost: end every stream (revocations could be missed until back). */
  void lost() {
    live = false;
    for (Subscriber subscriber : subscribers) {
      subscribers.remove(subscriber);
      subscriber.emitter.complete();
    }
  }

  void revoked(String payload) {
    for (Subscriber subscriber : subscribers) {
      if (subscriber.ready.get()) {
        subscriber.send("revoked", payload);
      }
    }
  }

  @Scheduled(every = "${key.revocations.ping-interval}")
  void ping() {
    if (!live) {
      return;
    }
    for (Subscriber subscriber : subscribers) {
      if (subscriber.ready.get()) {
        subscriber.send("ping", "{}");
      }
    }
  }
}
