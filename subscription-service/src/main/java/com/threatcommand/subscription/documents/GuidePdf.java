package com.threatcommand.subscription.documents;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PageMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.apache.pdfbox.util.Version;

/**
 * Renders the guide's Markdown as an A4 PDF: commonmark-java makes it HTML ({@link
 * GuideMarkdown}), the Qute template {@code templates/user-guide.html} lays it out (a title page
 * with the title on a coloured band, the introduction and a table of contents with page numbers and
 * links; then the sections with a running header of title and current section and "Page n of m"
 * footers; bookmarks for every heading), and openhtmltopdf prints it with the embedded Liberation
 * fonts. Title, subject, author, creator and producer go in the document information.
 *
 * <p>The output depends only on the Markdown and the metadata (no dates, a document ID derived
 * from the content), so every replica serves the same bytes under the same ETag.
 */
@ApplicationScoped
public class GuidePdf {
  /** Document information besides the title, which is the Markdown's {@code #} heading. */
  record Info(String subject, String author, String creator, String keywords) {}

  /** The page and its side margins, as the template's {@code @page} rule has them. */
  static final PDRectangle PAGE = PDRectangle.A4;
  static final float MARGIN_X = 68;

  /** From the openpdf-fonts-extra artifact (fonts only, SIL Open Font License): never a system font. */
  private static final List<Font> FONTS =
      List.of(
          new Font("LiberationSans-Regular.ttf", "Liberation Sans", 400),
          new Font("LiberationSans-Bold.ttf", "Liberation Sans", 700),
          new Font("LiberationMono-Regular.ttf", "Liberation Mono", 400));

  private record Font(byte[] file, String family, int weight, CmapLookup glyphs) {
    Font(String file, String family, int weight) {
      this(read("liberation/" + file), family, weight);
    }

    Font(byte[] file, String family, int weight) {
      this(file, family, weight, cmap(file));
    }
  }

  private final Template template;

  GuidePdf(@Location("user-guide.html") Template template) {
    this.template = template;
  }

  byte[] render(String markdown, Info info) {
    GuideMarkdown.Guide guide = GuideMarkdown.parse(markdown);
    refuseWhatTheFontsCannotShow(markdown);
    String html = template.data("guide", guide).render();
    try (PDDocument document = new PDDocument()) {
      PdfRendererBuilder builder = new PdfRendererBuilder().usePDDocument(document);
      for (Font font : FONTS) {
        builder.useFont(() -> new ByteArrayInputStream(font.file()), font.family(), font.weight(), FontStyle.NORMAL, true);
      }
      try (PdfBoxRenderer renderer = builder.withHtmlContent(html, null).buildPdfRenderer()) {
        renderer.createPDFWithoutClosing();
      }
      describe(document, guide.title(), info, markdown);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      document.save(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A character without a glyph in every font fails the rendering instead of printing a box. */
  private static void refuseWhatTheFontsCannotShow(String markdown) {
    markdown.codePoints()
        .filter(c -> !Character.isWhitespace(c) && !Character.isISOControl(c))
        .filter(c -> FONTS.stream().anyMatch(font -> font.glyphs().getGlyphId(c) == 0))
        .findFirst()
        .ifPresent(
            c -> {
              throw new IllegalArgumentException(
                  "The guide's fonts cannot render \"" + Character.toString(c) + "\"");
            });
  }

  /** Title and the rest of the information, no dates; a file identifier from the content. */
  private static void describe(PDDocument document, String title, Info info, String markdown) {
    PDDocumentInformation information = new PDDocumentInformation();
    information.setTitle(title);
    information.setSubject(info.subject());
    information.setAuthor(info.author());
    information.setCreator(info.creator());
    information.setKeywords(info.keywords());
    information.setProducer("Apache PDFBox " + Version.getVersion());
    document.setDocumentInformation(information);
    PDDocumentCatalog catalog = document.getDocumentCatalog();
    catalog.setLanguage("en");
    catalog.setPageMode(PageMode.USE_OUTLINES);
    PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
    preferences.setDisplayDocTitle(true);
    catalog.setViewerPreferences(preferences);
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

  private static byte[] read(String resource) {
    try (InputStream in = GuidePdf.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Font " + resource + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CmapLookup cmap(byte[] file) {
    try {
      TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(file));
      return font.getUnicodeCmapLookup();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
