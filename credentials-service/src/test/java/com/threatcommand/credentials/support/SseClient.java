package com.threatcommand.credentials.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A real server-sent-events client over HTTP (java.net.http): collects the events of one stream
 * on a background thread until the server ends it or {@link #close()} is called.
 */
public final class SseClient implements AutoCloseable {
  public record Event(String name, String data, long receivedNanos) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile int status = -1;
  private volatile boolean ended;

  private SseClient(String url, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(this::consume);
  }

  public static SseClient open(String url, String token) {
    return new SseClient(url, token);
  }

  private void consume(HttpResponse<Stream<String>> r) {
    status = r.statusCode();
    String[] name = {null};
    StringBuilder data = new StringBuilder();
    try (Stream<String> lines = r.body()) {
      lines.forEach(
          line -> {
            if (line.isEmpty()) {
              if (name[0] != null || data.length() > 0) {
                events.add(
                    new Event(name[0] == null ? "message" : name[0], data.toString(), System.nanoTime()));
              }
              name[0] = null;
              data.setLength(0);
            } else if (line.startsWith("event:")) {
              name[0] = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
              if (data.length() > 0) {
                data.append('\n');
              }
              data.append(line.substring(5).strip());
            }
          });
    } catch (RuntimeException e) {
      // the stream was cut
    } finally {
      ended = true;
    }
  }

  public int status() {
    return status;
  }

  public boolean ended() {
    return ended;
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public List<Event> events(String name) {
    return events.stream().filter(e -> e.name().equals(name)).toList();
  }

  public boolean has(String name) {
    return events.stream().anyMatch(e -> e.name().equals(name));
  }

  @Override
  public void close() {
    response.thenAccept(r -> r.body().close());
    response.cancel(true);
  }
}
