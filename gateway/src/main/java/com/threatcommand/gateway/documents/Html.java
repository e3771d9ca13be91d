package com.threatcommand.gateway.documents;

/**
 * A small HTML writer for the API guide. Text and attribute values always go through {@link
 * #esc}: everything the guide shows comes from the services' documents, which are data, not markup.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(256 * 1024);

  /** Escapes for element content and for double- or single-quoted attribute values. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement == null && (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
        replacement = " "; // control characters have no place in a page
      }
      if (replacement != null) {
        if (b == null) {
          b = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        b.append(replacement);
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }

  /** A fragment identifier made only of safe characters, so it needs no escaping anywhere. */
  static String id(String prefix, String name) {
    StringBuilder b = new StringBuilder(prefix);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      b.append(safe ? c : '_');
    }
    return b.toString();
  }

  /** Raw markup written by this package (never data). */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Escaped text. */
  Html text(String text) {
    out.append(esc(text));
    return this;
  }

  /** {@code <tag class="...">escaped text</tag>}. */
  Html el(String tag, String cssClass, String text) {
    out.append('<').append(tag);
    if (cssClass != null) {
      out.append(" class=\"").append(cssClass).append('"');
    }
    out.append('>').append(esc(text)).append("</").append(tag).append('>');
    return this;
  }

  /**
   * A description from a document as paragraphs (blank lines separate them), with {@code `code`}
   * spans; nothing else of Markdown is interpreted and nothing is trusted.
   */
  Html prose(String text) {
    if (text == null || text.isBlank()) {
      return this;
    }
    for (String paragraph : text.trim().split("\\n\\s*\\n")) {
      out.append("<p>");
      String[] parts = paragraph.trim().split("`", -1);
      for (int i = 0; i < parts.length; i++) {
        boolean code = i % 2 == 1 && i < parts.length - 1;
        if (code) {
          out.append("<code>").append(esc(parts[i])).append("</code>");
        } else {
          out.append(esc(i % 2 == 1 ? "`" + parts[i] : parts[i]));
        }
      }
      out.append("</p>\n");
    }
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
