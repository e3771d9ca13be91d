package com.threatcommand.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/** The production access log's handler: every line written, whole, in order; none lost at a stop. */
class BatchedConsoleTest {
  private static final String FORMAT = "%-5p (%t) rid=%X{requestId} %s%n";

  /** Counts the writes, so that the test sees lines go out in batches, not one write each. */
  static final class Sink extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> writes = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      writes.add(1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      writes.add(len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized List<Integer> writes() {
      return List.copyOf(writes);
    }
  }

  private static ExtLogRecord record(String message) {
    ExtLogRecord record = new ExtLogRecord(Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT, "test");
    record.setLoggerName("com.threatcommand.gateway.access");
    return record;
  }

  /** A record whose logger is the handler itself: its caller is then the test method. */
  private static ExtLogRecord loggedThroughTheHandler(String message) {
    return new ExtLogRecord(
        Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT, org.jboss.logmanager.ExtHandler.class.getName());
  }

  @Test
  void linesAreWrittenInBatchesWithTheirRequestIdAndThread() {
    Sink sink = new Sink();
    BatchedConsole console = new BatchedConsole(sink, new PatternFormatter(FORMAT), 200, 10_000);
    try {
      for (int i = 0; i < 50; i++) {
        MDC.put("requestId", "rid-" + i);
        try {
          console.publish(record("GET /api/v1/subscription 200 line " + i));
        } finally {
          MDC.remove("requestId");
        }
      }
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sink.text().contains("line 49"));
      String[] lines = sink.text().split("\n");
      assertEquals(50, lines.length);
      String thread = Thread.currentThread().getName();
      for (int i = 0; i < 50; i++) {
        assertEquals("INFO  (" + thread + ") rid=rid-" + i + " GET /api/v1/subscription 200 line " + i, lines[i]);
      }
      assertTrue(sink.writes().size() <= 3, "50 lines in a few writes, not one each: " + sink.writes());
    } finally {
      console.close();
    }
  }

  @Test
  void theCallerIsLookedUpOnlyForAFormatThatPrintsIt() {
    // The production format prints no caller: the record queues without a walk of the stack.
    Sink sink = new Sink();
    BatchedConsole console = new BatchedConsole(sink, new PatternFormatter(FORMAT), 10_000, 10_000);
    ExtLogRecord plain = loggedThroughTheHandler("no caller");
    try {
      console.publish(plain);
      assertNull(plain.getSourceMethodName(), "no caller was looked up");
    } finally {
      console.close();
    }
    assertTrue(sink.text().endsWith(" no caller\n"), sink.text());

    // A format with %M still names the method that logged (here, this test's).
    Sink named = new Sink();
    BatchedConsole withCaller = new BatchedConsole(named, new PatternFormatter("%M %s%n"), 10_000, 10_000);
    ExtLogRecord traced = loggedThroughTheHandler("with caller");
    try {
      withCaller.publish(traced);
    } finally {
      withCaller.close();
    }
    assertEquals("theCallerIsLookedUpOnlyForAFormatThatPrintsIt with caller\n", named.text());
  }

  @Test
  void aWriteIsNeverLongerThanAPipeWritesWholeAndEndsOnALine() {
    Sink sink = new Sink();
    BatchedConsole console = new BatchedConsole(sink, new PatternFormatter("%s%n"), 60_000, 100_000);
    String line = "x".repeat(299);
    for (int i = 0; i < 100; i++) {
      console.publish(record(line));
    }
    console.close();
    assertEquals((line + "\n").repeat(100), sink.text());
    for (int length : sink.writes()) {
      assertTrue(length <= BatchedConsole.ATOMIC_WRITE, "a write of " + length + " bytes");
      assertEquals(0, length % 300, "a write that ends inside a line: " + length);
    }
  }

  @Test
  void pastMaxPendingTheCallerWritesAndNothingIsDropped() {
    Sink sink = new Sink();
    // An interval so long that only the bound can make lines go out.
    BatchedConsole console = new BatchedConsole(sink, new PatternFormatter("%s%n"), 600_000, 10);
    try {
      for (int i = 0; i < 25; i++) {
        console.publish(record("line " + i));
      }
      String text = sink.text();
      assertTrue(text.contains("line 10"), "the 11th line made the caller write: " + text);
    } finally {
      console.close();
    }
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      expected.append("line ").append(i).append('\n');
    }
    assertEquals(expected.toString(), sink.text());
  }

  @Test
  void aStopWritesWhatIsQueuedAndLaterLinesGoOutAtOnce() throws InterruptedException {
    Sink sink = new Sink();
    BatchedConsole console = new BatchedConsole(sink, new PatternFormatter("%s%n"), 600_000, 10_000);
    console.publish(record("before the stop"));
    assertEquals("", sink.text());
    console.close();
    assertEquals("before the stop\n", sink.text());
    // A request that finishes during the graceful stop still gets its line.
    CountDownLatch done = new CountDownLatch(1);
    new Thread(
            () -> {
              console.publish(record("during the stop"));
              done.countDown();
            })
        .start();
    done.await();
    assertEquals("before the stop\nduring the stop\n", sink.text());
  }
}
