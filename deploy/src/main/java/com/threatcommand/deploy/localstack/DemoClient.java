package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the launcher does through the gateway once it is ready, as a user would with curl. */
final class DemoClient {
  private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"(tcak_[0-9A-Za-z]+)\"");

  private final HttpClient http;
  private final String gateway;

  DemoClient(HttpClient http, String gateway) {
    this.http = http;
    this.gateway = gateway;
  }

  /** The demo account's subscription document (the first request through the gateway). */
  void subscription(String adminToken) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request("/api/v1/subscription").header("Authorization", "Bearer " + adminToken).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    expect(response, 200, "GET /api/v1/subscription with the demo admin token");
  }

  /**
   * A new API key for the admin token's account: generated, or, if the account has one already
   * (an external database keeps them, and this run's hash secret no longer matches it), rotated
   * with no grace period.
   */
  String apiKey(String adminToken) throws IOException, InterruptedException {
    HttpResponse<String> created =
        http.send(
            request("/api/v1/credentials/api-key")
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() == 409) {
      created =
          http.send(
              request("/api/v1/credentials/api-key/rotation")
                  .header("Authorization", "Bearer " + adminToken)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"graceSeconds\":0}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    expect(created, 201, "POST /api/v1/credentials/api-key with the demo admin token");
    Matcher key = KEY.matcher(created.body());
    if (!key.find()) {
      throw new StackException(1, "The gateway's answer to POST /api/v1/credentials/api-key has no key");
    }
    return key.group(1);
  }

  /** The integrator's check, {@code HEAD /public/v1/test-credentials}: true on 200. */
  boolean testCredentials(String accountId, String apiKey) throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder().encodeToString((accountId + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
    return http.send(
                request("/public/v1/test-credentials")
                    .header("Authorization", "Basic " + basic)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode()
        == 200;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30));
  }

  private static void expect(HttpResponse<String> response, int status, String what) {
    if (response.statusCode() != status) {
      String body = response.body() == null ? "" : response.body();
      throw new StackException(
          1, what + " answered " + response.statusCode() + " instead of " + status + ": "
              + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
    }
  }
}
