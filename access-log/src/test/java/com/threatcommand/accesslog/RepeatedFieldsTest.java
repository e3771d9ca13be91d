package com.threatcommand.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.FormatStep;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The access log's lines with the category and date rendered once while they repeat are the lines
 * the console's own formatter writes, character for character, and a date finer than a millisecond
 * is never taken from another line.
 */
class RepeatedFieldsTest {
  private static final Instant START = Instant.parse("2026-12-07T17:59:59.998700Z");

  private static ExtLogRecord record(String logger, Instant at, String message) {
    ExtLogRecord record = new ExtLogRecord(Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT, "test");
    record.setLoggerName(logger);
    record.setInstant(at);
    return record;
  }

  /**
   * Lines 300 µs apart across a second's turn (several to a millisecond, then a new one), from two
   * loggers taking turns and one without a name, in the formats the applications use and others.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %-5p [%c{1.}] (%t) rid=%X{requestId} %s%e%n",
        "%d %c %s%n",
        "%-30d{HH:mm:ss,SSS}|%-40c|%.10c{1.}|%s%n",
        "%d{HH:mm:ss.SSSSSS} [%c{1}] %s%n",
        "%d{yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn} %s%n",
        "%s at %d{HH:mm:ss} and %d{SSS}%n"
      })
  void everyLineIsTheConsoleFormattersOwn(String format) {
    PatternFormatter plain = new PatternFormatter(format);
    PatternFormatter cached = RepeatedFields.formatter(format);
    String[] loggers = {"com.threatcommand.gateway.access", "io.quarkus.http.access-log", null};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ExtLogRecord record = record(loggers[i % 3 == 2 ? 2 : i % 2], START.plusNanos(i * 300_000L), "GET /x " + i);
      String line = cached.format(record);
      assertEquals(plain.format(record), line, "line " + i);
      lines.add(line);
    }
    assertEquals(40, lines.stream().distinct().count(), "each line has its own message");
  }

  /** Two lines a microsecond apart within one millisecond: a format that prints it tells them apart. */
  @Test
  void aDateFinerThanAMillisecondIsRenderedForEveryLine() {
    PatternFormatter cached = RepeatedFields.formatter("%d{HH:mm:ss.SSSSSS} %s");
    Instant at = Instant.parse("2026-12-07T18:00:00.000100Z");
    String first = cached.format(record("a", at, "m"));
    String second = cached.format(record("a", at.plusNanos(1_000), "m"));
    assertEquals("18:00:00.000100 m", first.substring(first.length() - 17));
    assertNotEquals(first, second);
    assertTrue(second.endsWith(".000101 m"), second);
  }

  /** The date step of {@code format}, as the console's formatter makes it. */
  private static FormatStep dateStep(String format) {
    return Arrays.stream(new PatternFormatter(format).getSteps())
        .filter(step -> step.getItemType() == FormatStep.ItemType.DATE)
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ}", "%d", "%d{HH:mm:ss 'nanos: SSSSSS'}", "%d{A}", "%-30d{HH:mm}"})
  void aDateThatPrintsAtMostMillisecondsIsCachedByTheMillisecond(String format) {
    assertTrue(RepeatedFields.printsAtMostMilliseconds(dateStep(format)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"%d{HH:mm:ss.SSSS}", "%-30d{HH:mm:ss.SSSSSS}", "%d{n}", "%d{N}"})
  void aDateThatPrintsFinerIsNot(String format) {
    assertFalse(RepeatedFields.printsAtMostMilliseconds(dateStep(format)));
  }
}
