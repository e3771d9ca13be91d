package com.threatcommand.gateway.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.gateway.openapi.OpenApiRoutes;
import com.threatcommand.gateway.web.Exchange;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/subscription/documents/api-guide} (admin): the Downloads section's API guide,
 * a ZIP of {@code index.html} (the whole public API, readable offline), {@code openapi.json}
 * (byte for byte what {@code GET /openapi} serves to the same address) and {@code openapi.yaml}.
 * The gateway answers it because it owns the merged document the guide must be made from. Built
 * once per document and server URL, off the event loop, and kept; the ZIP's bytes depend only on
 * the document (fixed entry times), so every replica serves the same file under the same ETag.
 */
@Singleton
public class ApiGuide {
  public static final String FILE_NAME = "threat-command-api-guide.zip";
  static final String CACHE_CONTROL = "private, max-age=3600";
  /** Entry times are fixed so that the same document always gives the same bytes. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);
  private static final Logger LOG = Logger.getLogger(ApiGuide.class);
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");

  /** A built guide and the rendered document it was built from. */
  record Built(OpenApiRoutes.Rendered source, byte[] zip, String etag) {}

  private final Vertx vertx;
  private final OpenApiRoutes openapi;
  private final ObjectMapper json;
  private final Template page;
  private final Map<OpenApiRoutes.Rendered, Built> built = new ConcurrentHashMap<>();

  ApiGuide(
      Vertx vertx, OpenApiRoutes openapi, ObjectMapper json, @Location("api-guide.html") Template page) {
    this.vertx = vertx;
    this.openapi = openapi;
    this.json = json;
    this.page = page;
  }

  /** Answers an authenticated administrator's request (GET or HEAD). */
  public void serve(RoutingContext ctx) {
    Exchange.of(ctx).route = "api-guide";
    ctx.request().resume();
    OpenApiRoutes.Rendered source = openapi.rendered(ctx);
    if (source == null) {
      openapi.unavailable(ctx);
      return;
    }
    Built ready = built.get(source);
    if (ready != null) {
      respond(ctx, ready);
      return;
    }
    vertx
        .<Built>executeBlocking(() -> build(source), false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
              }
              if (built.size() > 32) {
                built.clear();
              }
              built.keySet().removeIf(k -> k.source() != source.source());
              built.put(source, ar.result());
              respond(ctx, ar.result());
            });
  }

  private void respond(RoutingContext ctx, Built guide) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.ETAG, guide.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    if (matchesAny(ctx.request().headers().getAll(HttpHeaders.IF_NONE_MATCH), guide.etag())) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/zip")
        .putHeader("Content-Disposition", "attachment; filename=\"" + FILE_NAME + "\"");
    if (ctx.request().method() == HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(guide.zip().length)).end();
    } else {
      ctx.response().end(Buffer.buffer(guide.zip()));
    }
  }

  Built build(OpenApiRoutes.Rendered source) {
    long start = System.nanoTime();
    String html = html(source.document());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 * 1024);
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      entry(zip, "index.html", html.getBytes(StandardCharsets.UTF_8));
      entry(zip, "openapi.json", source.json().getBytes());
      entry(zip, "openapi.yaml", source.yaml().getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] zip = bytes.toByteArray();
    Built result = new Built(source, zip, etag(zip));
    LOG.infof("Built the API guide: %d bytes in %d ms", zip.length, (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  /**
   * The page ({@code templates/api-guide.html}): the whole document as one static page that a
   * browser shows offline, with no script and no external resource (its own Content-Security-Policy
   * forbids them). The template escapes what the document says; control characters, which have
   * no place in a page, become spaces.
   */
  String html(JsonNode document) {
    return CONTROL.matcher(page.data("page", ApiGuidePage.of(document, json)).render()).replaceAll(" ");
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(ENTRY_TIME);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  static String etag(byte[] content) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
      return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** If-None-Match (RFC 9110, 13.1.2): {@code *} or a list of entity tags, compared weakly. */
  static boolean matchesAny(java.util.List<String> ifNoneMatch, String etag) {
    for (String header : ifNoneMatch) {
      for (String candidate : header.split(",")) {
        String tag = candidate.trim();
        if (tag.startsWith("W/")) {
          tag = tag.substring(2);
        }
        if (tag.equals("*") || tag.equals(etag)) {
          return true;
        }
      }
    }
    return false;
  }
}
