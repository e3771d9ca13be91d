package com.threatcommand.subscription.documents;

import com.threatcommand.subscription.documents.GuideMarkdown.Block;
import com.threatcommand.subscription.documents.GuideMarkdown.BulletList;
import com.threatcommand.subscription.documents.GuideMarkdown.Callout;
import com.threatcommand.subscription.documents.GuideMarkdown.Heading;
import com.threatcommand.subscription.documents.GuideMarkdown.Paragraph;
import com.threatcommand.subscription.documents.GuideMarkdown.Span;
import com.threatcommand.subscription.documents.GuideMarkdown.Style;
import com.threatcommand.subscription.documents.TextLayout.Line;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PageMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageXYZDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.apache.pdfbox.util.Version;

/**
 * Renders the guide's Markdown as an A4 PDF: a title page (the title on a coloured band, the
 * introduction and a table of contents with page numbers and links), then the sections with a
 * running header (title and current section) and "Page n of m" footers; bookmarks for every
 * heading; title, subject, author, creator and producer in the document information.
 *
 * <p>The output depends only on the Markdown and the metadata (no dates, a document ID derived
 * from the content), so every replica serves the same bytes under the same ETag.
 */
final class GuidePdf {
  /** Document information besides the title, which is the Markdown's {@code #} heading. */
  record Info(String subject, String author, String creator, String keywords) {}

  static final PDRectangle PAGE = PDRectangle.A4;
  static final float MARGIN_X = 68;
  static final float TOP = PAGE.getHeight() - 76;
  static final float BOTTOM = 66;
  static final float WIDTH = PAGE.getWidth() - 2 * MARGIN_X;

  static final float BODY = 10.5f;
  static final float LEADING = 1.48f;
  static final float H2 = 16;
  static final float H3 = 12;
  static final float SMALL = 8.5f;

  static final Color INK = new Color(0x1F, 0x29, 0x33);
  static final Color BRAND = new Color(0x12, 0x3A, 0x6B);
  static final Color MUTED = new Color(0x6B, 0x77, 0x85);
  static final Color RULE = new Color(0xCB, 0xD3, 0xDE);
  static final Color BAND_TEXT = new Color(0xDC, 0xE6, 0xF2);
  static final Color ACCENT = new Color(0xF2, 0xA5, 0x41);
  static final Color WARNING_BAR = new Color(0xB4, 0x23, 0x18);
  static final Color WARNING_FILL = new Color(0xFD, 0xEF, 0xEC);

  private GuidePdf() {}

  static byte[] render(String markdown, Info info) {
    List<Block> blocks = GuideMarkdown.parse(markdown);
    if (blocks.isEmpty() || !(blocks.get(0) instanceof Heading title) || title.level() != 1) {
      throw new IllegalArgumentException("The user guide must start with a # title");
    }
    int firstSection = 1;
    while (firstSection < blocks.size()
        && !(blocks.get(firstSection) instanceof Heading h && h.level() <= 2)) {
      firstSection++;
    }
    try (PDDocument document = new PDDocument()) {
      TextLayout text = TextLayout.load(document);
      Pages pages = new Pages(text, title.text());
      for (int i = firstSection; i < blocks.size(); i++) {
        pages.add(blocks.get(i), i + 1 < blocks.size() ? blocks.get(i + 1) : null);
      }
      TitlePage cover =
          new TitlePage(text, title, blocks.subList(1, firstSection), pages.anchors());
      int total = pages.count() + 1;

      List<PDPage> pdfPages = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        pdfPages.add(page);
      }
      try (PDPageContentStream out = new PDPageContentStream(document, pdfPages.get(0))) {
        cover.draw(out);
      }
      cover.link(pdfPages);
      for (int i = 0; i < pages.count(); i++) {
        try (PDPageContentStream out = new PDPageContentStream(document, pdfPages.get(i + 1))) {
          pages.draw(out, i, i + 2, total);
        }
      }
      outline(document, pdfPages, pages.anchors());
      describe(document, title.text(), info, markdown);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      document.save(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A heading's place: the body page (0-based, after the title page) and the y of its top. */
  record Anchor(Heading heading, int page, float y) {}

  private static void outline(PDDocument document, List<PDPage> pdfPages, List<Anchor> anchors) {
    PDDocumentOutline outline = new PDDocumentOutline();
    document.getDocumentCatalog().setDocumentOutline(outline);
    PDOutlineItem section = null;
    for (Anchor anchor : anchors) {
      PDOutlineItem item = new PDOutlineItem();
      item.setTitle(anchor.heading().text());
      item.setDestination(destination(pdfPages.get(anchor.page() + 1), anchor.y()));
      if (anchor.heading().level() <= 2 || section == null) {
        outline.addLast(item);
        section = item;
      } else {
        section.addLast(item);
      }
    }
    outline.openNode();
  }

  static PDPageXYZDestination destination(PDPage page, float y) {
    PDPageXYZDestination destination = new PDPageXYZDestination();
    destination.setPage(page);
    destination.setLeft(0);
    destination.setTop(Math.round(y + 12));
    return destination;
  }

  private static void describe(PDDocument document, String title, Info info, String markdown) {
    PDDocumentInformation information = document.getDocumentInformation();
    information.setTitle(title);
    information.setSubject(info.subject());
    information.setAuthor(info.author());
    information.setCreator(info.creator());
    information.setKeywords(info.keywords());
    information.setProducer("Apache PDFBox " + Version.getVersion());
    PDDocumentCatalog catalog = document.getDocumentCatalog();
    catalog.setLanguage("en");
    catalog.setPageMode(PageMode.USE_OUTLINES);
    PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
    preferences.setDisplayDocTitle(true);
    catalog.setViewerPreferences(preferences);
    // A file identifier from the content instead of the clock: the same guide, the same bytes.
    byte[] id = Arrays.copyOf(sha256(markdown + "\n" + info), 16);
    COSArray ids = new COSArray();
    ids.add(new COSString(id));
    ids.add(new COSString(id));
    document.getDocument().setDocumentID(ids);
  }

  static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static float lineHeight(float size) {
    return size * LEADING;
  }

  /** The baseline of a line whose box starts at {@code top}. */
  static float baseline(float top, float size) {
    return top - (lineHeight(size) - size) / 2 - size * 0.86f;
  }

  /** The body pages: lays blocks out top to bottom, then draws them with header and footer. */
  private static final class Pages {
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

    Pages(TextLayout text, String title) {
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
      return text.wrap(bold(heading.spans()), WIDTH, size).size() * lineHeight(size)
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
      List<Line> lines = text.wrap(bold(heading.spans()), WIDTH, size);
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

    private static List<Span> bold(List<Span> spans) {
      return spans.stream()
          .map(s -> s.style() == Style.REGULAR ? new Span(s.text(), Style.BOLD) : s)
          .toList();
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
      footer(text, out, number, total);
    }
  }

  static void footer(TextLayout text, PDPageContentStream out, int number, int total)
      throws IOException {
    String label = "Page " + number + " of " + total;
    float width = text.width(label, Style.REGULAR, SMALL);
    rule(out, MARGIN_X, 50, MARGIN_X + WIDTH, 50, 0.5f, RULE);
    text.text(out, label, Style.REGULAR, SMALL, MUTED, MARGIN_X + (WIDTH - width) / 2, 36);
  }

  static void rule(
      PDPageContentStream out, float x1, float y1, float x2, float y2, float width, Color color)
      throws IOException {
    out.setStrokingColor(color);
    out.setLineWidth(width);
    out.moveTo(x1, y1);
    out.lineTo(x2, y2);
    out.stroke();
  }

  /** The title page: a coloured band with the title, the introduction and the contents. */
  private static final class TitlePage {
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
      for (Line line : text.wrap(bold(title.spans()), WIDTH, titleSize)) {
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

    private static List<Span> bold(List<Span> spans) {
      return spans.stream()
          .map(s -> s.style() == Style.REGULAR ? new Span(s.text(), Style.BOLD) : s)
          .toList();
    }
  }
}
