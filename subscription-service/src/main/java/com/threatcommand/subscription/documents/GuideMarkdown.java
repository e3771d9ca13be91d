package com.threatcommand.subscription.documents;

import java.util.ArrayList;
import java.util.List;

/**
 * The small Markdown subset the user guide is written in, parsed into blocks: headings ({@code #},
 * {@code ##}, {@code ###}), paragraphs, bullet lists ({@code - }, continuation lines indented),
 * a quoted callout ({@code > }) and, inside them, {@code **bold**} and {@code `code`}.
 *
 * <p>Anything else (fences, tables, numbered lists, deeper headings, an unclosed {@code **} or
 * backtick) is refused with the line number, so the guide can never be silently mis-rendered.
 */
final class GuideMarkdown {
  enum Style {
    REGULAR,
    BOLD,
    CODE
  }

  record Span(String text, Style style) {}

  sealed interface Block permits Heading, Paragraph, BulletList, Callout {}

  record Heading(int level, List<Span> spans) implements Block {
    String text() {
      return plain(spans);
    }
  }

  record Paragraph(List<Span> spans) implements Block {}

  record BulletList(List<List<Span>> items) implements Block {}

  record Callout(List<Span> spans) implements Block {}

  private GuideMarkdown() {}

  static String plain(List<Span> spans) {
    StringBuilder text = new StringBuilder();
    spans.forEach(s -> text.append(s.text()));
    return text.toString();
  }

  static List<Block> parse(String markdown) {
    String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
    List<Block> blocks = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (line.isBlank()) {
        i++;
        continue;
      }
      refuseUnsupported(line, i + 1);
      if (line.startsWith("#")) {
        int level = line.indexOf(' ');
        if (level < 1 || level > 3 || !line.substring(0, level).chars().allMatch(c -> c == '#')) {
          throw error(i + 1, "only #, ## and ### headings are supported");
        }
        blocks.add(new Heading(level, inline(line.substring(level + 1).trim(), i + 1)));
        i++;
      } else if (line.startsWith("- ")) {
        List<List<Span>> items = new ArrayList<>();
        while (i < lines.length && lines[i].startsWith("- ")) {
          int first = i + 1;
          StringBuilder item = new StringBuilder(lines[i].substring(2).trim());
          i++;
          while (i < lines.length && lines[i].startsWith("  ") && !lines[i].isBlank()) {
            item.append(' ').append(lines[i].trim());
            i++;
          }
          items.add(inline(item.toString(), first));
        }
        blocks.add(new BulletList(items));
      } else if (line.startsWith(">")) {
        int first = i + 1;
        StringBuilder text = new StringBuilder();
        while (i < lines.length && lines[i].startsWith(">")) {
          text.append(text.length() == 0 ? "" : " ").append(lines[i].substring(1).trim());
          i++;
        }
        blocks.add(new Callout(inline(text.toString(), first)));
      } else {
        int first = i + 1;
        StringBuilder text = new StringBuilder();
        while (i < lines.length && !lines[i].isBlank() && !startsBlock(lines[i])) {
          refuseUnsupported(lines[i], i + 1);
          text.append(text.length() == 0 ? "" : " ").append(lines[i].trim());
          i++;
        }
        blocks.add(new Paragraph(inline(text.toString(), first)));
      }
    }
    return blocks;
  }

  private static boolean startsBlock(String line) {
    return line.startsWith("#") || line.startsWith("- ") || line.startsWith(">");
  }

  private static void refuseUnsupported(String line, int number) {
    String trimmed = line.trim();
    if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
      throw error(number, "code fences are not supported");
    }
    if (trimmed.startsWith("|")) {
      throw error(number, "tables are not supported");
    }
    if (trimmed.matches("\\d+[.)] .*")) {
      throw error(number, "numbered lists are not supported");
    }
    if (trimmed.startsWith("* ") || trimmed.startsWith("+ ")) {
      throw error(number, "bullet items start with '- '");
    }
    if (trimmed.startsWith("<")) {
      throw error(number, "HTML is not supported");
    }
  }

  /** Splits a block's text into regular, **bold** and `code` spans. */
  static List<Span> inline(String text, int line) {
    List<Span> spans = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    Style style = Style.REGULAR;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '`') {
        if (style == Style.BOLD) {
          throw error(line, "code inside bold is not supported");
        }
        flush(spans, current, style);
        style = style == Style.CODE ? Style.REGULAR : Style.CODE;
        i++;
      } else if (style != Style.CODE && text.startsWith("**", i)) {
        flush(spans, current, style);
        style = style == Style.BOLD ? Style.REGULAR : Style.BOLD;
        i += 2;
      } else if (style != Style.CODE && (c == '*' || (c == '_' && isEmphasis(text, i)))) {
        throw error(line, "only **bold** emphasis is supported");
      } else if (style != Style.CODE && c == '[' && text.indexOf("](", i) > i) {
        throw error(line, "links are not supported");
      } else {
        current.append(c);
        i++;
      }
    }
    if (style != Style.REGULAR) {
      throw error(line, "unclosed " + (style == Style.BOLD ? "**" : "`"));
    }
    flush(spans, current, style);
    return List.copyOf(spans);
  }

  /** An underscore that opens or closes emphasis, not one inside a word like tcak_ or my_key. */
  private static boolean isEmphasis(String text, int i) {
    boolean before = i > 0 && Character.isLetterOrDigit(text.charAt(i - 1));
    boolean after = i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1));
    return !before && after;
  }

  private static void flush(List<Span> spans, StringBuilder text, Style style) {
    if (text.length() > 0) {
      spans.add(new Span(text.toString(), style));
      text.setLength(0);
    }
  }

  private static IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException("user guide line " + line + ": " + message);
  }
}
