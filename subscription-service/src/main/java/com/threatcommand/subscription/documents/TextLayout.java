package com.threatcommand.subscription.documents;

import com.threatcommand.subscription.documents.GuideMarkdown.Span;
import com.threatcommand.subscription.documents.GuideMarkdown.Style;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Fonts, measuring and word wrapping. The fonts are TrueType (Liberation Sans and Mono, SIL Open
 * Font License) embedded as subsets with a ToUnicode map, so that every character of the guide
 * renders and text extraction returns it; a character the fonts lack fails the rendering instead
 * of printing a blank box.
 */
final class TextLayout {
  static final Color CODE_BACKGROUND = new Color(0xEE, 0xF1, 0xF6);
  static final float CODE_SCALE = 0.9f;

  private final PDFont regular;
  private final PDFont bold;
  private final PDFont mono;

  /** One styled piece of a line, with its width at the line's size. */
  record Run(String text, Style style, float width) {}

  /** One line of wrapped text. */
  record Line(List<Run> runs, float width) {}

  private TextLayout(PDFont regular, PDFont bold, PDFont mono) {
    this.regular = regular;
    this.bold = bold;
    this.mono = mono;
  }

  static TextLayout load(PDDocument document) {
    return new TextLayout(
        font(document, "LiberationSans-Regular.ttf"),
        font(document, "LiberationSans-Bold.ttf"),
        font(document, "LiberationMono-Regular.ttf"));
  }

  private static PDFont font(PDDocument document, String file) {
    // From the openpdf-fonts-extra artifact (fonts only): never a system font.
    try (InputStream in = TextLayout.class.getClassLoader().getResourceAsStream("liberation/" + file)) {
      if (in == null) {
        throw new IllegalStateException("Font liberation/" + file + " is not on the classpath");
      }
      return PDType0Font.load(document, in, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The spans in bold, code staying code: headings and the title. */
  static List<Span> bold(List<Span> spans) {
    return spans.stream()
        .map(s -> s.style() == Style.REGULAR ? new Span(s.text(), Style.BOLD) : s)
        .toList();
  }

  PDFont font(Style style) {
    return switch (style) {
      case REGULAR -> regular;
      case BOLD -> bold;
      case CODE -> mono;
    };
  }

  float width(String text, Style style, float size) {
    float scaled = style == Style.CODE ? size * CODE_SCALE : size;
    try {
      return font(style).getStringWidth(text) / 1000f * scaled;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The guide's fonts cannot render \"" + text + "\"", e);
    }
  }

  /** A word: the non-blank pieces between two spaces, possibly in several styles ("**Key**:"). */
  private record Word(List<Span> pieces, Style spaceBefore) {}

  /** Breaks spans into lines no wider than {@code width}; only over-long words break inside. */
  List<Line> wrap(List<Span> spans, float width, float size) {
    List<Line> lines = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    float used = 0;
    for (Word word : words(spans)) {
      float space = width(" ", word.spaceBefore(), size);
      float wordWidth = 0;
      for (Span piece : word.pieces()) {
        wordWidth += width(piece.text(), piece.style(), size);
      }
      if (!runs.isEmpty() && used + space + wordWidth > width) {
        lines.add(new Line(List.copyOf(runs), used));
        runs.clear();
        used = 0;
      }
      if (!runs.isEmpty()) {
        used += append(runs, " ", word.spaceBefore(), size);
      }
      for (Span piece : word.pieces()) {
        String rest = piece.text();
        // A word longer than a whole line is cut where the line ends.
        while (used + width(rest, piece.style(), size) > width && rest.length() > 1) {
          int fits = fitting(rest, piece.style(), size, width - used);
          if (fits == 0 && !runs.isEmpty()) {
            lines.add(new Line(List.copyOf(runs), used));
            runs.clear();
            used = 0;
            continue;
          }
          fits = Math.max(fits, 1);
          used += append(runs, rest.substring(0, fits), piece.style(), size);
          lines.add(new Line(List.copyOf(runs), used));
          runs.clear();
          used = 0;
          rest = rest.substring(fits);
        }
        used += append(runs, rest, piece.style(), size);
      }
    }
    if (!runs.isEmpty()) {
      lines.add(new Line(List.copyOf(runs), used));
    }
    return lines;
  }

  private int fitting(String text, Style style, float size, float room) {
    int n = 0;
    while (n < text.length() && width(text.substring(0, n + 1), style, size) <= room) {
      n++;
    }
    return n;
  }

  /** Adds text to the line, merged into the last run when the style is the same. */
  private float append(List<Run> runs, String text, Style style, float size) {
    float w = width(text, style, size);
    int last = runs.size() - 1;
    if (last >= 0 && runs.get(last).style() == style) {
      Run run = runs.get(last);
      runs.set(last, new Run(run.text() + text, style, run.width() + w));
    } else {
      runs.add(new Run(text, style, w));
    }
    return w;
  }

  private static List<Word> words(List<Span> spans) {
    List<Word> words = new ArrayList<>();
    List<Span> pieces = new ArrayList<>();
    Style spaceBefore = Style.REGULAR;
    Style pendingSpace = Style.REGULAR;
    for (Span span : spans) {
      StringBuilder piece = new StringBuilder();
      for (int i = 0; i < span.text().length(); i++) {
        char c = span.text().charAt(i);
        if (Character.isWhitespace(c)) {
          if (piece.length() > 0) {
            pieces.add(new Span(piece.toString(), span.style()));
            piece.setLength(0);
          }
          if (!pieces.isEmpty()) {
            words.add(new Word(List.copyOf(pieces), spaceBefore));
            pieces.clear();
          }
          pendingSpace = span.style();
        } else {
          if (pieces.isEmpty() && piece.length() == 0) {
            spaceBefore = pendingSpace;
          }
          piece.append(c);
        }
      }
      if (piece.length() > 0) {
        pieces.add(new Span(piece.toString(), span.style()));
      }
    }
    if (!pieces.isEmpty()) {
      words.add(new Word(List.copyOf(pieces), spaceBefore));
    }
    return words;
  }

  /** Draws a line with its baseline at {@code y}; code runs get a tinted background. */
  void draw(PDPageContentStream out, Line line, float x, float y, float size, Color color)
      throws IOException {
    float at = x;
    for (Run run : line.runs()) {
      if (run.style() == Style.CODE && !run.text().isBlank()) {
        float codeSize = size * CODE_SCALE;
        out.setNonStrokingColor(CODE_BACKGROUND);
        out.addRect(at - 1f, y - codeSize * 0.3f, run.width() + 2f, codeSize * 1.22f);
        out.fill();
      }
      at += run.width();
    }
    at = x;
    for (Run run : line.runs()) {
      text(out, run.text(), run.style(), size, color, at, y);
      at += run.width();
    }
  }

  void text(PDPageContentStream out, String text, Style style, float size, Color color, float x, float y)
      throws IOException {
    out.beginText();
    out.setFont(font(style), style == Style.CODE ? size * CODE_SCALE : size);
    out.setNonStrokingColor(color);
    out.newLineAtOffset(x, y);
    out.showText(text);
    out.endText();
  }
}
