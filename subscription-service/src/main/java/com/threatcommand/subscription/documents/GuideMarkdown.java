package com.threatcommand.subscription.documents;

import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * The guide's Markdown, parsed by commonmark-java and rendered to HTML for the PDF's template: a
 * {@code #} title, paragraphs of introduction, then {@code ##} sections with {@code ###}
 * subsections, paragraphs, {@code - } bullet lists, a {@code > } callout, {@code **bold**} and
 * {@code `code`}. Anything the PDF does not style (code blocks, tables, numbered lists, other
 * emphasis, links, HTML, deeper headings, an unclosed {@code **} or backtick) is refused with its
 * line number, so the guide can never be silently mis-rendered.
 */
final class GuideMarkdown {
  private static final Parser PARSER =
      Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

  /** A {@code ##} section (with its {@code ###} subsections) or a subsection, by its HTML id. */
  @TemplateData
  record Section(String id, String text, List<Section> children) {}

  /** What the template lays out: the title, the introduction's and the sections' HTML. */
  @TemplateData
  record Guide(String title, RawString intro, List<Section> sections, RawString body) {}

  private GuideMarkdown() {}

  static Guide parse(String markdown) {
    Node document = PARSER.parse(markdown);
    if (!(document.getFirstChild() instanceof Heading title) || title.getLevel() != 1) {
      throw new IllegalArgumentException("The user guide must start with a # title");
    }
    Subset subset = new Subset();
    document.accept(subset);
    HtmlRenderer html =
        HtmlRenderer.builder()
            .escapeHtml(true)
            .attributeProviderFactory(
                context ->
                    (node, tag, attributes) -> {
                      if (subset.ids.containsKey(node)) {
                        attributes.put("id", subset.ids.get(node));
                      }
                    })
            .nodeRendererFactory(PdfHtml::new)
            .build();
    StringBuilder intro = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (Node node = title.getNext(); node != null; node = node.getNext()) {
      if (body.isEmpty() && !(node instanceof Heading) && !(node instanceof Paragraph)) {
        throw error(node, "before the first section the user guide may only have paragraphs");
      }
      html.render(node, body.isEmpty() && !(node instanceof Heading) ? intro : body);
    }
    return new Guide(
        text(title), new RawString(intro.toString()), subset.sections, new RawString(body.toString()));
  }

  /** A node's text without markup (headings: bookmarks and contents lines). */
  static String text(Node node) {
    StringBuilder text = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text t) {
            text.append(t.getLiteral());
          }

          @Override
          public void visit(Code c) {
            text.append(c.getLiteral());
          }
        });
    return text.toString();
  }

  /**
   * Headings and text as the PDF needs them: a {@code ##} heading also names its section for the
   * running header of the pages, and every piece of text is an element of its own, so that the PDF
   * draws the text of a line in reading order (openhtmltopdf draws an element's own text before
   * that of the elements inside it).
   */
  private record PdfHtml(HtmlNodeRendererContext context) implements NodeRenderer {
    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(Heading.class, Text.class);
    }

    @Override
    public void render(Node node) {
      HtmlWriter html = context.getWriter();
      if (node instanceof Text text) {
        html.tag("span");
        html.text(text.getLiteral());
        html.tag("/span");
        return;
      }
      Heading heading = (Heading) node;
      String tag = "h" + heading.getLevel();
      html.line();
      html.tag(tag, context.extendAttributes(node, tag, Map.of()));
      if (heading.getLevel() == 2) {
        html.tag("span", Map.of("class", "running-section"));
        html.text(text(heading));
        html.tag("/span");
      }
      for (Node child = heading.getFirstChild(); child != null; child = child.getNext()) {
        context.render(child);
      }
      html.tag("/" + tag);
      html.line();
    }
  }

  /** Refuses what the PDF does not style; gives every section heading an id. */
  private static final class Subset extends AbstractVisitor {
    final Map<Node, String> ids = new IdentityHashMap<>();
    final List<Section> sections = new ArrayList<>();

    @Override
    public void visit(Heading heading) {
      if (heading.getLevel() > 3) {
        throw error(heading, "only #, ## and ### headings are supported");
      }
      if (heading.getLevel() > 1) {
        String id = "section-" + (ids.size() + 1);
        ids.put(heading, id);
        Section section = new Section(id, text(heading), new ArrayList<>());
        if (heading.getLevel() == 2 || sections.isEmpty()) {
          sections.add(section);
        } else {
          sections.get(sections.size() - 1).children().add(section);
        }
      }
      visitChildren(heading);
    }

    @Override
    public void visit(BulletList list) {
      if (!"-".equals(list.getMarker())) {
        throw error(list, "bullet items start with '- '");
      }
      visitChildren(list);
    }

    @Override
    public void visit(Text text) {
      String literal = text.getLiteral();
      if (text.getParent() instanceof Paragraph && text.getPrevious() == null && literal.startsWith("|")) {
        throw error(text, "tables are not supported");
      }
      if (literal.contains("**") || literal.contains("`")) {
        throw error(text, "unclosed " + (literal.contains("**") ? "**" : "`"));
      }
    }

    @Override
    public void visit(FencedCodeBlock block) {
      throw error(block, "code fences are not supported");
    }

    @Override
    public void visit(IndentedCodeBlock block) {
      throw error(block, "indented code blocks are not supported");
    }

    @Override
    public void visit(OrderedList list) {
      throw error(list, "numbered lists are not supported");
    }

    @Override
    public void visit(Emphasis emphasis) {
      throw error(emphasis, "only **bold** emphasis is supported");
    }

    @Override
    public void visit(Link link) {
      throw error(link, "links are not supported");
    }

    @Override
    public void visit(Image image) {
      throw error(image, "images are not supported");
    }

    @Override
    public void visit(HtmlBlock html) {
      throw error(html, "HTML is not supported");
    }

    @Override
    public void visit(HtmlInline html) {
      throw error(html, "HTML is not supported");
    }
  }

  /** An error naming the line of the node's block. */
  private static IllegalArgumentException error(Node node, String message) {
    Node block = node;
    while (block.getSourceSpans().isEmpty() && block.getParent() != null) {
      block = block.getParent();
    }
    int line = block.getSourceSpans().isEmpty() ? 0 : block.getSourceSpans().get(0).getLineIndex() + 1;
    return new IllegalArgumentException("user guide line " + line + ": " + message);
  }
}
