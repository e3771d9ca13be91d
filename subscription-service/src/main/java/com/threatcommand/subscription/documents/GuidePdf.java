package com.threatcommand.subscription.documents;

import com.threatcommand.subscription.documents.GuideMarkdown.Block;
import com.threatcommand.subscription.documents.GuideMarkdown.Heading;
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
      BodyPages pages = new BodyPages(text, title.text());
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



  static void rule(
      PDPageContentStream out, float x1, float y1, float x2, float y2, float width, Color color)
      throws IOException {
    out.setStrokingColor(color);
    out.setLineWidth(width);
    out.moveTo(x1, y1);
    out.lineTo(x2, y2);
    out.stroke();
  }

}
