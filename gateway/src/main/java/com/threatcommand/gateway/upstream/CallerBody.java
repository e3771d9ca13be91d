package com.threatcommand.gateway.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The caller's request body as it streams on to the service, watched: it tells when the caller
 * has sent all of it (the service's time to answer starts then, not while a slow caller is still
 * sending), and, for a body of unknown length (chunked), it counts: past the limit it stops and
 * fails, so the upstream request is reset and the caller gets 413 without the gateway ever holding
 * more than one chunk. For a request that may be sent to the service a second time, it keeps a
 * copy of what passed (at most the gateway's body limit: a longer body is refused before).
 */
final class CallerBody implements ReadStream<Buffer> {
  private final ReadStream<Buffer> source;
  private final long limit;
  private final Runnable onEnd;
  private final boolean keepCopy;
  private Buffer copy;
  private long seen;
  private boolean exceeded;
  private Handler<Throwable> exceptionHandler;

  /**
   * @param limit the most bytes passed on ({@code Long.MAX_VALUE}: no limit of its own)
   * @param onEnd run when the caller's body has arrived in full
   * @param keepCopy keep what passes, for {@link #copy()}
   */
  CallerBody(ReadStream<Buffer> source, long limit, Runnable onEnd, boolean keepCopy) {
    this.source = source;
    this.limit = limit;
    this.onEnd = onEnd;
    this.keepCopy = keepCopy;
  }

  boolean exceeded() {
    return exceeded;
  }

  /** What has passed so far, if a copy is kept (empty if nothing has). */
  Buffer copy() {
    return copy == null ? Buffer.buffer() : copy;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
      return this;
    }
    source.handler(
        buffer -> {
          if (exceeded) {
            return;
          }
          seen += buffer.length();
          if (seen > limit) {
            exceeded = true;
            source.handler(null);
            source.endHandler(null);
            if (exceptionHandler != null) {
              exceptionHandler.handle(new IllegalStateException("request body over the limit"));
            }
            return;
          }
          if (keepCopy) {
            if (copy == null) {
              copy = Buffer.buffer(buffer.length());
            }
            copy.appendBuffer(buffer);
          }
          handler.handle(buffer);
        });
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    if (endHandler == null) {
      source.endHandler(null);
      return this;
    }
    source.endHandler(
        v -> {
          onEnd.run();
          endHandler.handle(v);
        });
    return this;
  }
}
