package com.threatcommand.subscription.documents;

import static com.threatcommand.subscription.documents.GuidePdf.ACCENT;
import static com.threatcommand.subscription.documents.GuidePdf.BAND_TEXT;
import static com.threatcommand.subscription.documents.GuidePdf.BOTTOM;
import static com.threatcommand.subscription.documents.GuidePdf.BRAND;
import static com.threatcommand.subscription.documents.GuidePdf.H3;
import static com.threatcommand.subscription.documents.GuidePdf.INK;
import static com.threatcommand.subscription.documents.GuidePdf.MARGIN_X;
import static com.threatcommand.subscription.documents.GuidePdf.MUTED;
import static com.threatcommand.subscription.documents.GuidePdf.PAGE;
import static com.threatcommand.subscription.documents.GuidePdf.RULE;
import static com.threatcommand.subscription.documents.GuidePdf.WIDTH;
import static com.threatcommand.subscription.documents.GuidePdf.baseline;
import static com.threatcommand.subscription.documents.GuidePdf.destination;
import static com.threatcommand.subscription.documents.GuidePdf.lineHeight;
import static com.threatcommand.subscription.documents.GuidePdf.rule;

import com.threatcommand.subscription.documents.GuideMarkdown.Block;
import com.threatcommand.subscription.documents.GuideMarkdown.Heading;
import com.threatcommand.subscription.documents.GuideMarkdown.Paragraph;
import com.threatcommand.subscription.documents.GuideMarkdown.Span;
import com.threatcommand.subscription.documents.GuideMarkdown.Style;
import com.threatcommand.subscription.documents.GuidePdf.Anchor;
import com.threatcommand.subscription.documents.TextLayout.Line;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;

/** The title page: a coloured band with the title, the introduction and the contents. */
final class TitlePage {
  private final TextLayout text;
  private final Heading title;
  private final List<Block> intro;
  private final List<Anchor> sections;
  private final List<Link> links = new ArrayList<>();

  /** A contents line at {@code y} on the title page, pointing at a section. */
  private record Link(float y, Anchor target) {}

  TitlePage(TextLayout text, Heading title, List<Block> intro, List<Anchor> anchors) {
    this.text = text;
    this.title = title;
    this.intro = intro;
    this.sections = anchors.stream().filter(a -> a.heading().level() <= 2).toList();
  }

  void draw(PDPageContentStream out) throws IOException {
    float bandHeight = 230;
    float bandBottom = PAGE.getHeight() - bandHeight;
    out.setNonStrokingColor(BRAND);
    out.addRect(0, bandBottom, PAGE.getWidth(), bandHeight);
    out.fill();

    float y = PAGE.getHeight() - 78;
    out.setNonStrokingColor(ACCENT);
    out.addRect(MARGIN_X, y, 44, 4);
    out.fill();
    y -= 10;
    float titleSize = 28;
    for (Line line : text.wrap(TextLayout.bold(title.spans()), WIDTH, titleSize)) {
      y -= titleSize * 1.2f;
      text.draw(out, line, MARGIN_X, y, titleSize, Color.WHITE);
    }
    y -= 30;
    text.text(out, "For account administrators", Style.REGULAR, 13, BAND_TEXT, MARGIN_X, y);

    y = bandBottom - 40;
    float introSize = 11.5f;
    for (Block block : intro) {
      if (!(block instanceof Paragraph p)) {
        throw new IllegalArgumentException(
            "Before the first section the user guide may only have paragraphs");
      }
      List<Span> spans = p.spans();
      for (Line line : text.wrap(spans, WIDTH, introSize)) {
        text.draw(out, line, MARGIN_X, baseline(y, introSize), introSize, INK);
        y -= lineHeight(introSize);
      }
      y -= 8;
    }

    y -= 22;
    text.text(out, "Contents", Style.BOLD, H3 + 1, BRAND, MARGIN_X, baseline(y, H3 + 1));
    y -= lineHeight(H3 + 1) + 2;
    rule(out, MARGIN_X, y, MARGIN_X + WIDTH, y, 0.6f, RULE);
    y -= 8;
    float size = 11;
    for (Anchor anchor : sections) {
      if (y - lineHeight(size) < BOTTOM + 20) {
        throw new IllegalArgumentException("The contents do not fit on the title page");
      }
      contentsLine(out, anchor, y, size);
      links.add(new Link(y, anchor));
      y -= lineHeight(size) + 2;
    }
  }

  /** "Section ........ 3", the dots filling the space between name and page number. */
  private void contentsLine(PDPageContentStream out, Anchor anchor, float y, float size)
      throws IOException {
    float base = baseline(y, size);
    String name = anchor.heading().text();
    String number = Integer.toString(anchor.page() + 2);
    float nameWidth = text.width(name, Style.REGULAR, size);
    float numberWidth = text.width(number, Style.REGULAR, size);
    text.text(out, name, Style.REGULAR, size, INK, MARGIN_X, base);
    // The dots run from the name to the number (stretched to fit exactly), so that text
    // extraction reads one line: "Credits . . . . 2".
    float dot = text.width(" .", Style.REGULAR, size);
    float from = MARGIN_X + nameWidth;
    float to = MARGIN_X + WIDTH - numberWidth - text.width(" ", Style.REGULAR, size);
    int dots = (int) ((to - from) / dot);
    if (dots > 0) {
      out.setCharacterSpacing((to - from - dots * dot) / (2 * dots));
      text.text(out, " .".repeat(dots), Style.REGULAR, size, MUTED, from, base);
      out.setCharacterSpacing(0);
    }
    text.text(out, number, Style.REGULAR, size, INK, MARGIN_X + WIDTH - numberWidth, base);
  }

  /** Makes every contents line a link to its section. */
  void link(List<PDPage> pdfPages) {
    List<PDAnnotation> annotations = new ArrayList<>();
    for (Link link : links) {
      PDAnnotationLink annotation = new PDAnnotationLink();
      annotation.setRectangle(
          new PDRectangle(MARGIN_X, link.y() - lineHeight(11), WIDTH, lineHeight(11)));
      PDBorderStyleDictionary border = new PDBorderStyleDictionary();
      border.setWidth(0);
      annotation.setBorderStyle(border);
      PDActionGoTo action = new PDActionGoTo();
      action.setDestination(
          destination(pdfPages.get(link.target().page() + 1), link.target().y()));
      annotation.setAction(action);
      annotations.add(annotation);
    }
    pdfPages.get(0).setAnnotations(annotations);
  }

}