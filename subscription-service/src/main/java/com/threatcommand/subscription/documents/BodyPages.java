package com.threatcommand.subscription.documents;

import static com.threatcommand.subscription.documents.GuidePdf.BODY;
import static com.threatcommand.subscription.documents.GuidePdf.BOTTOM;
import static com.threatcommand.subscription.documents.GuidePdf.BRAND;
import static com.threatcommand.subscription.documents.GuidePdf.H2;
import static com.threatcommand.subscription.documents.GuidePdf.H3;
import static com.threatcommand.subscription.documents.GuidePdf.INK;
import static com.threatcommand.subscription.documents.GuidePdf.MARGIN_X;
import static com.threatcommand.subscription.documents.GuidePdf.MUTED;
import static com.threatcommand.subscription.documents.GuidePdf.PAGE;
import static com.threatcommand.subscription.documents.GuidePdf.RULE;
import static com.threatcommand.subscription.documents.GuidePdf.SMALL;
import static com.threatcommand.subscription.documents.GuidePdf.TOP;
import static com.threatcommand.subscription.documents.GuidePdf.WARNING_BAR;
import static com.threatcommand.subscription.documents.GuidePdf.WARNING_FILL;
import static com.threatcommand.subscription.documents.GuidePdf.WIDTH;
import static com.threatcommand.subscription.documents.GuidePdf.baseline;
import static com.threatcommand.subscription.documents.GuidePdf.lineHeight;
import static com.threatcommand.subscription.documents.GuidePdf.rule;

import com.threatcommand.subscription.documents.GuideMarkdown.Block;
import com.threatcommand.subscription.documents.GuideMarkdown.BulletList;
import com.threatcommand.subscription.documents.GuideMarkdown.Callout;
import com.threatcommand.subscription.documents.GuideMarkdown.Heading;
import com.threatcommand.subscription.documents.GuideMarkdown.Paragraph;
import com.threatcommand.subscription.documents.GuideMarkdown.Style;
import com.threatcommand.subscription.documents.GuidePdf.Anchor;
import com.threatcommand.subscription.documents.TextLayout.Line;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/** The body pages: lays blocks out top to bottom, then draws them with header and footer. */
final class BodyPages {
  private final TextLayout text;
  private final String title;
  private final List<List<Placed>> pages = new ArrayList<>();
  private final List<String> sections = new ArrayList<>();
  private final List<Anchor> anchors = new ArrayList<>();
  private String section = "";
  private float y;

  /** Something drawn at a fixed place on a page. */
  private interface Placed {
    void draw(PDPageContentStream out) throws IOException;
  }

  BodyPages(TextLayout text, String title) {
    this.text = text;
    this.title = title;
    newPage();
  }

  int count() {
    return pages.size();
  }

  List<Anchor> anchors() {
    return anchors;
  }

  private void newPage() {
    pages.add(new ArrayList<>());
    sections.add(section);
    y = TOP;
  }

  private boolean atTop() {
    return y == TOP;
  }

  private List<Placed> page() {
    return pages.get(pages.size() - 1);
  }

  /** Lays out a block; {@code next} (or null) is what must not be separated from a heading. */
  void add(Block block, Block next) {
    if (block instanceof Heading h) {
      heading(h, next);
    } else if (block instanceof Paragraph p) {
      lines(text.wrap(p.spans(), WIDTH, BODY), MARGIN_X, 7);
    } else if (block instanceof BulletList list) {
      bullets(list);
    } else if (block instanceof Callout c) {
      callout(c);
    }
  }

  private float headingHeight(Heading heading) {
    float size = heading.level() <= 2 ? H2 : H3;
    return text.wrap(TextLayout.bold(heading.spans()), WIDTH, size).size() * lineHeight(size)
        + (heading.level() <= 2 ? 10 : 4);
  }

  /** How much of a block must follow its heading on the same page. */
  private float keptWithHeading(Block next) {
    float lh = lineHeight(BODY);
    if (next instanceof Paragraph p) {
      return Math.min(3, text.wrap(p.spans(), WIDTH, BODY).size()) * lh;
    } else if (next instanceof BulletList list) {
      return Math.min(2, text.wrap(list.items().get(0), WIDTH - 16, BODY).size()) * lh;
    } else if (next instanceof Callout c) {
      return calloutHeight(c) + 4;
    } else if (next instanceof Heading h) {
      return 8 + headingHeight(h) + 2 * lh;
    }
    return 0;
  }

  private void heading(Heading heading, Block next) {
    float size = heading.level() <= 2 ? H2 : H3;
    List<Line> lines = text.wrap(TextLayout.bold(heading.spans()), WIDTH, size);
    float before = heading.level() <= 2 ? 16 : 8;
    float after = heading.level() <= 2 ? 10 : 4;
    if (!atTop() && y - before - headingHeight(heading) - keptWithHeading(next) < BOTTOM) {
      newPage();
    }
    if (!atTop()) {
      y -= before;
    }
    if (heading.level() <= 2) {
      section = heading.text();
      int current = pages.size() - 1;
      if (page().isEmpty() || sections.get(current).isEmpty()) {
        sections.set(current, section);
      }
    }
    anchors.add(new Anchor(heading, pages.size() - 1, y));
    for (Line line : lines) {
      float base = baseline(y, size);
      page().add(out -> text.draw(out, line, MARGIN_X, base, size, BRAND));
      y -= lineHeight(size);
    }
    if (heading.level() <= 2) {
      float rule = y - 2;
      page().add(out -> rule(out, MARGIN_X, rule, MARGIN_X + WIDTH, rule, 0.6f, RULE));
    }
    y -= after;
  }


  /** Places lines, breaking pages between them; never leaves one line of several alone. */
  private void lines(List<Line> lines, float x, float after) {
    float lh = lineHeight(BODY);
    for (int i = 0; i < lines.size(); i++) {
      boolean orphan = i == 0 && lines.size() > 1 && y - 2 * lh < BOTTOM;
      if (y - lh < BOTTOM || orphan) {
        newPage();
      }
      Line line = lines.get(i);
      float base = baseline(y, BODY);
      page().add(out -> text.draw(out, line, x, base, BODY, INK));
      y -= lh;
    }
    y -= after;
  }

  private void bullets(BulletList list) {
    float indent = 16;
    for (int i = 0; i < list.items().size(); i++) {
      List<Line> lines = text.wrap(list.items().get(i), WIDTH - indent, BODY);
      if (y - Math.min(2, lines.size()) * lineHeight(BODY) < BOTTOM) {
        newPage();
      }
      float base = baseline(y, BODY);
      page().add(out -> text.text(out, "•", Style.REGULAR, BODY, BRAND, MARGIN_X + 4, base));
      lines(lines, MARGIN_X + indent, i == list.items().size() - 1 ? 7 : 3);
    }
  }

  /** A tinted box with a bar on its left, kept on one page. */
  private static final float PAD = 10;
  private static final float BAR = 3.5f;

  private float calloutHeight(Callout callout) {
    return text.wrap(callout.spans(), WIDTH - 2 * PAD - BAR, BODY).size() * lineHeight(BODY)
        + 2 * PAD;
  }

  private void callout(Callout callout) {
    float pad = PAD;
    float bar = BAR;
    List<Line> lines = text.wrap(callout.spans(), WIDTH - 2 * pad - bar, BODY);
    float height = calloutHeight(callout);
    if (height > TOP - BOTTOM) {
      throw new IllegalArgumentException("A callout of the user guide is longer than a page");
    }
    if (y - 4 - height < BOTTOM) {
      newPage();
    }
    if (!atTop()) {
      y -= 4;
    }
    float top = y;
    page()
        .add(
            out -> {
              out.setNonStrokingColor(WARNING_FILL);
              out.addRect(MARGIN_X, top - height, WIDTH, height);
              out.fill();
              out.setNonStrokingColor(WARNING_BAR);
              out.addRect(MARGIN_X, top - height, bar, height);
              out.fill();
            });
    y -= pad;
    for (Line line : lines) {
      float base = baseline(y, BODY);
      page().add(out -> text.draw(out, line, MARGIN_X + bar + pad, base, BODY, INK));
      y -= lineHeight(BODY);
    }
    y -= pad + 10;
  }

  void draw(PDPageContentStream out, int index, int number, int total) throws IOException {
    // Running header: the guide's title on the left, the current section on the right.
    float head = PAGE.getHeight() - 46;
    text.text(out, title, Style.REGULAR, SMALL, MUTED, MARGIN_X, head);
    String current = sections.get(index);
    float width = text.width(current, Style.BOLD, SMALL);
    text.text(out, current, Style.BOLD, SMALL, BRAND, MARGIN_X + WIDTH - width, head);
    rule(out, MARGIN_X, head - 7, MARGIN_X + WIDTH, head - 7, 0.5f, RULE);
    for (Placed placed : pages.get(index)) {
      placed.draw(out);
    }
    footer(out, number, total);
  }

  private void footer(PDPageContentStream out, int number, int total) throws IOException {
    String label = "Page " + number + " of " + total;
    float width = text.width(label, Style.REGULAR, SMALL);
    rule(out, MARGIN_X, 50, MARGIN_X + WIDTH, 50, 0.5f, RULE);
    text.text(out, label, Style.REGULAR, SMALL, MUTED, MARGIN_X + (WIDTH - width) / 2, 36);
  }
}
