package com.threatcommand.subscription.support;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request written by hand on its own connection to the service under test, so that a
 * test decides when each byte of the body goes out: what a slow or misbehaving client does, which
 * RestAssured cannot.
 */
public final class RawRequest implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;

  /** Sends the request line and headers (each "Name: value"), nothing of the body yet. */
  public RawRequest(String method, String path, String... headers) throws IOException {
    socket = new Socket("localhost", RestAssured.port);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    send(head.append("\r\n").toString());
  }

  public RawRequest send(String part) throws IOException {
    out.write(part.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  /** The whole response head and, after a blank line, whatever body came with it. */
  public String response() throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int contentLength = -1;
    int headEnd = -1;
    while (headEnd < 0 || received.size() < headEnd + contentLength) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      received.write(buffer, 0, n);
      String text = received.toString(StandardCharsets.ISO_8859_1);
      if (headEnd < 0 && text.contains("\r\n\r\n")) {
        headEnd = text.indexOf("\r\n\r\n") + 4;
        contentLength = 0;
        for (String line : text.substring(0, headEnd).split("\r\n")) {
          if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
            contentLength = Integer.parseInt(line.substring(15).trim());
          }
        }
      }
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  /** The status code of the response. */
  public static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
