package com.threatcommand.subscription.documents;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * The User Guide PDF, rendered from {@code documents/user-guide.md} the first time it is asked for
 * and kept: the text is part of the release, so it never changes while the service runs.
 */
@ApplicationScoped
public class UserGuide {
  static final String SOURCE = "documents/user-guide.md";
  static final GuidePdf.Info INFO =
      new GuidePdf.Info(
          "How to use the Settings › Subscription page: subscription type, system modules,"
              + " credits, expiration date, customer limitations, stored data, Get More,"
              + " downloads, the API and appliance keys and the account ID",
          "Threat Command",
          "Threat Command subscription-service",
          "Threat Command, subscription, credits, API key, appliance key, account ID");
  private static final Logger LOG = Logger.getLogger(UserGuide.class);

  /** The PDF and its strong entity tag (a hash of the bytes). */
  public record Rendered(byte[] pdf, String etag) {}

  private final GuidePdf pdf;
  private volatile Rendered rendered;

  UserGuide(GuidePdf pdf) {
    this.pdf = pdf;
  }

  public Rendered get() {
    Rendered current = rendered;
    if (current == null) {
      synchronized (this) {
        current = rendered;
        if (current == null) {
          long start = System.nanoTime();
          byte[] bytes = pdf.render(source(), INFO);
          current = new Rendered(bytes, etag(bytes));
          rendered = current;
          LOG.infof(
              "Rendered the user guide: %d bytes in %d ms",
              bytes.length, (System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    return current;
  }

  static String etag(byte[] pdf) {
    return "\"" + HexFormat.of().formatHex(GuidePdf.sha256(pdf), 0, 16) + "\"";
  }

  static String source() {
    try (InputStream in = UserGuide.class.getClassLoader().getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SOURCE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
