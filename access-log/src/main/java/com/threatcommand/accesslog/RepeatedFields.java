package com.threatcommand.accesslog;

import java.time.Instant;
import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.FormatStep;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * The console format's two costly fields, rendered once for as long as their input repeats: the
 * category ({@code %c}, whose abbreviation, as in {@code %c{1.}}, JBoss's formatter works out anew
 * for every line) once per logger name, and the date ({@code %d}, a {@code DateTimeFormatter} run
 * with {@code BigDecimal} arithmetic for its fraction) once per millisecond, when it prints nothing
 * finer. An access log's lines all have one category and come several to a millisecond under load:
 * a tenth of the gateway's allocations went to these two (async-profiler, README "Benchmarks").
 * Every other step, and the text of every line, is the formatter's own.
 */
final class RepeatedFields {
  /** The first and the last nanosecond of one millisecond. */
  private static final Instant START_OF_A_MILLISECOND = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant END_OF_THE_MILLISECOND = START_OF_A_MILLISECOND.plusNanos(999_999);

  private RepeatedFields() {}

  /** A {@code PatternFormatter} for {@code format}, its category and date steps cached. */
  static PatternFormatter formatter(String format) {
    PatternFormatter formatter = new PatternFormatter(format);
    FormatStep[] steps = formatter.getSteps();
    for (int i = 0; i < steps.length; i++) {
      switch (steps[i].getItemType()) {
        case CATEGORY -> steps[i] = new Cached(steps[i], Key.LOGGER_NAME);
        case DATE -> {
          if (printsAtMostMilliseconds(steps[i])) {
            steps[i] = new Cached(steps[i], Key.MILLISECOND);
          }
        }
        default -> {}
      }
    }
    formatter.setSteps(steps);
    return formatter;
  }

  /**
   * Whether a date step prints the same for every moment of a millisecond: it is asked to render
   * the first and the last nanosecond of one. Any digit below the millisecond (a fourth {@code S},
   * {@code n}, {@code N}) tells them apart; its pattern is never read again here.
   */
  static boolean printsAtMostMilliseconds(FormatStep date) {
    StringBuilder first = new StringBuilder();
    StringBuilder last = new StringBuilder();
    date.render(first, probe(START_OF_A_MILLISECOND));
    date.render(last, probe(END_OF_THE_MILLISECOND));
    return first.toString().contentEquals(last);
  }

  private static ExtLogRecord probe(Instant at) {
    ExtLogRecord record = new ExtLogRecord(Level.INFO, "", ExtLogRecord.FormatStyle.NO_FORMAT, RepeatedFields.class.getName());
    record.setInstant(at);
    return record;
  }

  private enum Key {
    LOGGER_NAME,
    MILLISECOND
  }

  /** What was rendered for one key; replaced whole, so that a reader never sees half of one. */
  private record Rendered(String name, long millis, String text) {}

  /** A step that renders as its delegate, from the last rendering while the key stays the same. */
  private static final class Cached implements FormatStep {
    private final FormatStep delegate;
    private final Key key;
    private volatile Rendered last;

    Cached(FormatStep delegate, Key key) {
      this.delegate = delegate;
      this.key = key;
    }

    @Override
    public void render(StringBuilder builder, ExtLogRecord record) {
      render(null, builder, record);
    }

    @Override
    public void render(Formatter formatter, StringBuilder builder, ExtLogRecord record) {
      String name = record.getLoggerName();
      long millis = record.getMillis();
      Rendered rendered = last;
      if (rendered == null
          || (key == Key.LOGGER_NAME
              ? !Objects.equals(name, rendered.name())
              : millis != rendered.millis())) {
        StringBuilder text = new StringBuilder(delegate.estimateLength());
        renderAnew(formatter, text, record);
        rendered = new Rendered(name, millis, text.toString());
        last = rendered;
      }
      builder.append(rendered.text());
    }

    private void renderAnew(Formatter formatter, StringBuilder builder, ExtLogRecord record) {
      if (formatter == null) {
        delegate.render(builder, record);
      } else {
        delegate.render(formatter, builder, record);
      }
    }

    @Override
    public int estimateLength() {
      return delegate.estimateLength();
    }

    @Override
    public boolean isCallerInformationRequired() {
      return delegate.isCallerInformationRequired();
    }

    @Override
    public ItemType getItemType() {
      return delegate.getItemType();
    }
  }
}
