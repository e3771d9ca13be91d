package com.threatcommand.accesslog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;

/**
 * The access log's handler in production: lines are written to the console in batches, every
 * {@code interval}, as nginx's {@code access_log ... buffer= flush=} does. A request only queues
 * its record (no lock, no thread woken); a thread of this handler's formats what has queued and
 * writes it in as few writes as whole lines allow. The asynchronous console handler it replaces
 * woke its thread for every line: with the formatting, 15 % of the gateway's CPU under load
 * (async-profiler, deploy/bench's case 3).
 *
 * <p>Nothing is dropped: past {@code maxPending} queued lines the request's own thread writes
 * the batch. A stop flushes what is queued; a SIGKILL loses at most one interval.
 *
 * <p>The gateway's access log and both services' (Quarkus's {@code io.quarkus.http.access-log}
 * category) use it in production; every other line is written at once, so that a refusal to
 * start is printed before the JVM exits.
 */
public final class BatchedConsole extends ExtHandler {
  /** The most a write to a pipe may be and still never be interleaved with another's (PIPE_BUF). */
  static final int ATOMIC_WRITE = 4096;

  private final OutputStream out;
  private final int maxPending;
  private final ConcurrentLinkedQueue<ExtLogRecord> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final ScheduledExecutorService flusher;
  private final StringBuilder text = new StringBuilder(ATOMIC_WRITE);
  /** The format prints the caller (%C, %M, %L, %F...): it must be found before the line queues. */
  private final boolean callerInFormat;
  /** Closed: the writer thread is gone, each line is written as it comes. */
  private volatile boolean closed;

  public BatchedConsole(OutputStream out, Formatter formatter, long intervalMillis, int maxPending) {
    this.out = out;
    this.maxPending = maxPending;
    setFormatter(formatter);
    this.callerInFormat = !(formatter instanceof ExtFormatter ext) || ext.isCallerCalculationRequired();
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "access-log-writer");
              thread.setDaemon(true);
              return thread;
            });
    flusher.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Makes a new handler, writing to standard output with the console's {@code format} (its
   * category and date rendered once while they repeat: {@link RepeatedFields}), the only
   * handler of the logger {@code category}: its lines no longer go through the root's console
   * handler. The caller closes it at the application's stop. With no interval (zero or less),
   * nothing is installed and the category stays with the log configuration's handlers: null.
   */
  public static BatchedConsole install(
      String category, String format, Duration interval, int maxPending) {
    if (interval.toMillis() <= 0) {
      return null;
    }
    BatchedConsole batched =
        new BatchedConsole(
            new FileOutputStream(FileDescriptor.out),
            RepeatedFields.formatter(format),
            interval.toMillis(),
            maxPending);
    org.jboss.logmanager.Logger logger = LogContext.getLogContext().getLogger(category);
    logger.setHandlers(new Handler[] {batched});
    logger.setUseParentHandlers(false);
    return batched;
  }

  @Override
  protected void doPublish(ExtLogRecord record) {
    // Who logged (class, method, line) is found by walking the stack, which copyAll() does unless
    // told not to: 12 % of the gateway's CPU under load. Only a format that prints it pays for it.
    if (!callerInFormat) {
      record.disableCallerCalculation();
    }
    // The MDC (the request ID) and the thread's name are read now, on the request's thread.
    record.copyAll();
    queue.add(record);
    if (pending.incrementAndGet() > maxPending || closed) {
      flush();
    }
  }

  /** Formats and writes everything queued so far. */
  @Override
  public synchronized void flush() {
    try {
      ExtLogRecord record;
      while ((record = queue.poll()) != null) {
        pending.decrementAndGet();
        String line;
        try {
          line = getFormatter().format(record);
        } catch (RuntimeException e) {
          reportError("Cannot format an access-log line", e, ErrorManager.FORMAT_FAILURE);
          continue;
        }
        if (text.length() > 0 && text.length() + line.length() > ATOMIC_WRITE) {
          write();
        }
        text.append(line);
      }
      write();
      out.flush();
    } catch (IOException | RuntimeException e) {
      text.setLength(0);
      reportError("Cannot write the access log", e, ErrorManager.WRITE_FAILURE);
    }
  }

  private void write() throws IOException {
    if (text.length() > 0) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      text.setLength(0);
    }
  }

  /** Stops the writer thread after writing what is queued. */
  @Override
  public void close() {
    closed = true;
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
