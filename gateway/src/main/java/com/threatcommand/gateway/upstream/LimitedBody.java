package com.threatcommand.gateway.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body of unknown length (chunked) passed on as it streams, counted: past the limit it
 * stops and fails, so the upstream request is reset and the caller gets 413 without the gateway
 * ever holding more than one chunk.
 */
final class LimitedBody implements ReadStream<Buffer> {
  private final ReadStream<Buffer> source;
  private final long limit;
  private long seen;
  private volatile boolean exceeded;
  private Handler<Throwable> exceptionHandler;
  private Handler<Buffer> dataHandler;

  LimitedBody(ReadStream<Buffer> source, long limit) {
    this.source = source;
    this.limit = limit;
  }

  boolean exceeded() {
    return exceeded;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
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
          dataHandler.handle(buffer);
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
    source.endHandler(endHandler);
    return this;
  }
}
