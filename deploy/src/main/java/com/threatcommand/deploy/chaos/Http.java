package com.threatcommand.deploy.chaos;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain HTTP/1.1 client over one keep-alive connection (as the benchmark's OpenLoop: the JDK's
 * HttpClient did not hold high rates here). Only to 127.0.0.1. A request on a reused connection
 * that the server had closed (no byte of an answer came back) is sent once more on a new
 * connection, as browsers and HTTP libraries do, but only when it is safe to repeat (GET, HEAD, or
 * with an Idempotency-Key).
 */
final class Http implements AutoCloseable {
  static final int MAX_BODY = 8 * 1024 * 1024;

  /** An answer: status, headers (names in lower case), body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  final String host;
  final int port;
  private final int readTimeoutMillis;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private boolean reused;

  Http(int port, int readTimeoutMillis) {
    this.host = "127.0.0.1";
    this.port = port;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  Response send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
    boolean repeatable =
        method.equals("GET") || method.equals("HEAD") || headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Idempotency-Key"));
    byte[] request = request(method, path, headers, body);
    try {
      return exchange(method, request);
    } catch (Stale stale) {
      close();
      if (!repeatable) {
        throw new IOException("connection closed before an answer (not repeated: " + method + ")");
      }
      return exchange(method, request);
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof IOException io ? io : new IOException(e.toString(), e);
    }
  }

  /** The server closed a reused connection before answering. */
  private static final class Stale extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private Response exchange(String method, byte[] request) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(readTimeoutMillis);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      reused = false;
    }
    boolean wasReused = reused;
    reused = true;
    try {
      out.write(request);
      out.flush();
    } catch (IOException e) {
      if (wasReused) {
        throw new Stale();
      }
      throw e;
    }
    int first = in.read();
    if (first < 0) {
      if (wasReused) {
        throw new Stale();
      }
      throw new IOException("connection closed before an answer");
    }
    return read(method, first);
  }

  /**
   * Raw bytes on a new connection, the first {@code fast} at once, then one byte every {@code
   * pauseMillis} (a slow client); then the answer. For bad input that no well-behaved client sends.
   * Stops sending when the server answers or closes early.
   */
  Response raw(String method, byte[] request, int fast, long pauseMillis) throws IOException {
    close();
    try {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(readTimeoutMillis);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      int sent = Math.min(fast, request.length);
      try {
        out.write(request, 0, sent);
        out.flush();
        while (sent < request.length) {
          if (socket.getInputStream().available() > 0) {
            break; // answered before the whole request arrived
          }
          Thread.sleep(pauseMillis);
          out.write(request[sent++]);
          out.flush();
        }
      } catch (IOException refused) {
        // the server closed while we were sending: read whatever it answered
      }
      int first = in.read();
      if (first < 0) {
        throw new IOException("closed without an answer");
      }
      return read(method, first);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } finally {
      close();
    }
  }

  private Response read(String method, int first) throws IOException {
    String statusLine = (char) first + line();
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not HTTP: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    boolean keepAlive = statusLine.startsWith("HTTP/1.1");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    if ("close".equalsIgnoreCase(headers.get("connection"))) {
      keepAlive = false;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
      // no body
    } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        copy(size, body);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (headers.containsKey("content-length")) {
      copy(Long.parseLong(headers.get("content-length")), body);
    } else {
      keepAlive = false;
      in.transferTo(body);
    }
    if (!keepAlive) {
      close();
    }
    return new Response(status, headers, body.toByteArray());
  }

  private long chunkSize() throws IOException {
    return Long.parseLong(line().split(";")[0].trim(), 16);
  }

  private void copy(long length, ByteArrayOutputStream body) throws IOException {
    if (length > MAX_BODY) {
      throw new IOException("body too large: " + length);
    }
    byte[] buffer = new byte[8192];
    while (length > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
      if (n < 0) {
        throw new IOException("connection closed in a body");
      }
      body.write(buffer, 0, n);
      length -= n;
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
      if (line.length() > 65_536) {
        throw new IOException("header line too long");
      }
    }
    return line.toString();
  }

  private byte[] request(String method, String path, Map<String, String> headers, byte[] body) {
    StringBuilder request = new StringBuilder(256);
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      request.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.append("\r\n");
    byte[] head = request.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return head;
    }
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    socket = null;
  }
}
