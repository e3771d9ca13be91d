package com.threatcommand.subscription.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/** The Markdown-to-PDF renderer for given guides: layout, pagination, fonts and refusals. */
@QuarkusTest
class GuidePdfTest {
  private static final GuidePdf.Info INFO = new GuidePdf.Info("subject", "author", "creator", "k");

  @Inject GuidePdf guidePdf;

  @Test
  void theSameGuideAlwaysRendersToTheSameBytes() {
    String source = UserGuide.source();
    assertArrayEquals(guidePdf.render(source, INFO), guidePdf.render(source, INFO));
  }

  @Test
  void longTextFlowsOverNumberedPagesAndStaysWithinTheMargins() throws IOException {
    String unbreakable = "x".repeat(40) + "y".repeat(40) + "z".repeat(40) + "w".repeat(40);
    byte[] pdf = guidePdf.render(longGuide(12, unbreakable), INFO);
    try (PDDocument document = Loader.loadPDF(pdf)) {
      int pages = document.getNumberOfPages();
      assertTrue(pages >= 6, "pages: " + pages);
      for (int page = 2; page <= pages; page++) {
        assertTrue(
            text(document, page).contains("Page " + page + " of " + pages), "footer of " + page);
      }
      // Every glyph lies inside the page's margins (nothing runs off the right edge).
      float right = GuidePdf.PAGE.getWidth() - GuidePdf.MARGIN_X + 0.5f;
      for (TextPosition glyph : glyphs(document)) {
        assertTrue(glyph.getXDirAdj() >= GuidePdf.MARGIN_X - 0.5f, glyph.getUnicode());
        assertTrue(glyph.getXDirAdj() + glyph.getWidthDirAdj() <= right, glyph.getUnicode());
      }
      // The over-long word was cut across lines, not dropped or clipped.
      assertTrue(new PDFTextStripper().getText(document).replaceAll("\\s", "").contains(unbreakable));
    }
  }

  @Test
  void aHeadingIsNeverLeftAloneAtTheBottomOfAPage() throws IOException {
    byte[] pdf = guidePdf.render(longGuide(12, "short"), INFO);
    try (PDDocument document = Loader.loadPDF(pdf)) {
      for (int page = 2; page <= document.getNumberOfPages(); page++) {
        List<String> lines = new ArrayList<>(List.of(text(document, page).strip().split("\n")));
        lines.removeIf(line -> line.startsWith("Page "));
        String last = lines.get(lines.size() - 1).strip();
        assertFalse(last.startsWith("Section "), "page " + page + " ends with " + last);
      }
    }
  }

  @Test
  void bookmarksAndContentsPointAtThePagesOfTheirSections() throws IOException {
    byte[] pdf = guidePdf.render(longGuide(12, "short"), INFO);
    try (PDDocument document = Loader.loadPDF(pdf)) {
      int sections = 0;
      for (PDOutlineItem item : document.getDocumentCatalog().getDocumentOutline().children()) {
        PDPage page = ((PDPageDestination) item.getDestination()).getPage();
        int number = document.getPages().indexOf(page) + 1;
        // The page's body (its first line is the running header, which names a section too).
        String body = text(document, number).split("\n", 2)[1];
        assertTrue(body.contains(item.getTitle()), item.getTitle() + " on page " + number);
        // "Credits . . . . 2": the dots may start after a wider gap (the leader is right-aligned).
        Pattern entry = Pattern.compile(Pattern.quote(item.getTitle()) + " +\\.( \\.)* " + number);
        assertTrue(
            text(document, 1).lines().anyMatch(line -> entry.matcher(line.strip()).matches()),
            "contents entry for " + item.getTitle() + " with page " + number);
        sections++;
      }
      assertEquals(12, sections);
      assertEquals(12, document.getPage(0).getAnnotations().size(), "one link per contents line");
    }
  }

  @Test
  void aCharacterTheFontsCannotShowFailsTheRendering() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> guidePdf.render("# Title\n\n## Keys\n\nKeep your key \uD83D\uDD11 safe.\n", INFO));
    assertTrue(e.getMessage().contains("cannot render"), e.getMessage());
  }

  @Test
  void markdownOutsideTheSupportedSubsetIsRefusedWithItsLine() {
    for (String[] example :
        new String[][] {
          {"# T\n\n```\ncode\n```\n", "line 3"},
          {"# T\n\n1. first\n", "numbered lists"},
          {"# T\n\nSome *emphasis* here.\n", "**bold**"},
          {"# T\n\nSee [the docs](https://example.com).\n", "links"},
          {"# T\n\nAn **unclosed bold.\n", "unclosed **"},
          {"# T\n\n| a | b |\n", "tables"},
          {"# T\n\n#### Deep\n", "headings"},
          {"Text before the title.\n", "# title"}
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> guidePdf.render(example[0], INFO));
      assertTrue(e.getMessage().contains(example[1]), example[0] + " -> " + e.getMessage());
    }
  }

  @Test
  void underscoresInsideWordsAndCodeAreText() throws IOException {
    byte[] pdf = guidePdf.render("# T\n\n## Keys\n\nKeys start with `tcak_`, like my_key.\n", INFO);
    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertTrue(text.contains("Keys start with tcak_, like my_key."), text);
    }
  }

  /** A guide of {@code sections} sections, each with paragraphs and a bullet list. */
  static String longGuide(int sections, String word) {
    StringBuilder md = new StringBuilder("# A Long Guide\n\nAn introduction.\n\n");
    for (int s = 1; s <= sections; s++) {
      md.append("## Section ").append(s).append(": a topic\n\n");
      for (int p = 0; p < 2 + s % 3; p++) {
        md.append("Paragraph ").append(s).append('.').append(p)
            .append(" with **bold**, `code` and ").append(word).append(' ')
            .append("words that wrap over several lines of the page. ".repeat(4 + s % 5))
            .append("\n\n");
      }
      md.append("- An item of section ").append(s).append('\n')
          .append("- Another item that is long enough to wrap onto a second line of the list ")
          .append("so that continuation lines are indented.\n\n");
    }
    return md.toString();
  }

  private static String text(PDDocument document, int page) throws IOException {
    PDFTextStripper stripper = new PDFTextStripper();
    stripper.setStartPage(page);
    stripper.setEndPage(page);
    return stripper.getText(document);
  }

  private static List<TextPosition> glyphs(PDDocument document) throws IOException {
    List<TextPosition> glyphs = new ArrayList<>();
    PDFTextStripper stripper =
        new PDFTextStripper() {
          @Override
          protected void writeString(String text, List<TextPosition> positions) {
            glyphs.addAll(positions);
          }
        };
    stripper.getText(document);
    return glyphs;
  }
}
