package com.threatcommand.accesslog;

import java.util.logging.Formatter;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.FormatStep;

/**
 * The console format's two costly fields, rendered once for as long as their input repeats: the
 * category ({@code %c}, whose abbreviation, as in {@code %c{1.}}, JBoss's formatter works out anew
 * for every line) once per logger name, and the date ({@code %d}, a {@code DateTimeFormatter} run
 * with {@code BigDecimal} arithmetic for its fraction) once per millisecond, when no date pattern of
 * the format prints anything finer. An access log's lines all have one category and come several to
 * a millisecond under load: a tenth of the gateway's allocations went to these two (async-profiler,
 * README "Benchmarks"). Every other step, and the text of every line, is the formatter's own.
 */
final class RepeatedFields {
  private RepeatedFields() {}

  /** {@code steps} (a {@code PatternFormatter}'s for {@code format}), the costly ones cached. */
  static FormatStep[] cache(FormatStep[] steps, String format) {
    boolean millisecondDates = datesPrintAtMostMilliseconds(format);
    FormatStep[] cached = steps.clone();
    for (int i = 0; i < cached.length; i++) {
      switch (cached[i].getItemType()) {
        case CATEGORY -> cached[i] = new Cached(cached[i], Key.LOGGER_NAME);
        case DATE -> {
          if (millisecondDates) {
            cached[i] = new Cached(cached[i], Key.MILLISECOND);
          }
        }
        default -> {}
      }
    }
    return cached;
  }

  /**
   * Whether every date of {@code format} ({@code %d}, {@code %d{pattern}}, with or without a width)
   * prints nothing finer than milliseconds: at most three {@code S}, no nanoseconds ({@code n}),
   * nano-of-day ({@code N}) or milli-of-day ({@code A}) outside quoted text. A format this cannot
   * read is taken as printing finer, and its dates are not cached.
   */
  static boolean datesPrintAtMostMilliseconds(String format) {
    for (int i = format.indexOf('%'); i >= 0; i = format.indexOf('%', i)) {
      int j = i + 1;
      if (j < format.length() && format.charAt(j) == '%') {
        i = j + 1;
        continue;
      }
      while (j < format.length() && "-.0123456789".indexOf(format.charAt(j)) >= 0) {
        j++;
      }
      if (j < format.length() && format.charAt(j) == 'd' && j + 1 < format.length() && format.charAt(j + 1) == '{') {
        int end = format.indexOf('}', j + 2);
        if (end < 0 || !printsAtMostMilliseconds(format.substring(j + 2, end))) {
          return false;
        }
        j = end;
      }
      i = j + 1;
    }
    return true;
  }

  private static boolean printsAtMostMilliseconds(String pattern) {
    int fractionDigits = 0;
    boolean quoted = false;
    for (int k = 0; k < pattern.length(); k++) {
      char c = pattern.charAt(k);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == 'n' || c == 'N' || c == 'A') {
          return false;
        }
        fractionDigits = c == 'S' ? fractionDigits + 1 : 0;
        if (fractionDigits > 3) {
          return false;
        }
      }
    }
    return true;
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
      if (key == Key.LOGGER_NAME && name == null) {
        renderAnew(formatter, builder, record);
        return;
      }
      Rendered rendered = last;
      if (rendered == null
          || (key == Key.LOGGER_NAME ? !name.equals(rendered.name()) : millis != rendered.millis())) {
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
