package com.threatcommand.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.threatcommand.gateway.auth.Caller;
import com.threatcommand.gateway.auth.InternalTokens;
import com.threatcommand.gateway.upstream.Upstream;
import com.threatcommand.gateway.upstream.Upstreams;
import com.threatcommand.gateway.web.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The services' own OpenAPI documents, fetched at start and every {@code openapi.refresh} with an
 * internal token, and merged by {@link OpenApiMerger}. The last good copy of each is kept, so a
 * service that is briefly down does not empty the merged document.
 */
@Singleton
class OpenApiSources {
  private static final Logger LOG = Logger.getLogger(OpenApiSources.class);

  private final Vertx vertx;
  private final Upstreams upstreams;
  private final InternalTokens tokens;
  private final ObjectMapper json;
  private final OpenApiMerger merger;
  private final GatewayConfig.OpenApi config;
  private final Map<String, JsonNode> documents = new ConcurrentHashMap<>();
  private volatile ObjectNode merged;
  private long timer = -1;

  OpenApiSources(Vertx vertx, Upstreams upstreams, InternalTokens tokens, ObjectMapper json, GatewayConfig config) {
    this.vertx = vertx;
    this.upstreams = upstreams;
    this.tokens = tokens;
    this.json = json;
    this.merger = new OpenApiMerger(json);
    this.config = config.openapi();
  }

  void start(@Observes StartupEvent event) {
    vertx.runOnContext(v -> refresh());
    timer = vertx.setPeriodic(config.refresh().toMillis(), id -> refresh());
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** The merged document (without servers); null while the services' documents have not been fetched. */
  ObjectNode merged() {
    return merged;
  }

  Future<Void> refresh() {
    Future<Boolean> subscription = fetch(upstreams.subscription());
    Future<Boolean> credentials = fetch(upstreams.credentials());
    return Future.join(subscription, credentials)
        .transform(
            ar -> {
              if (Boolean.TRUE.equals(subscription.result()) || Boolean.TRUE.equals(credentials.result())
                  || merged == null) {
                remerge();
              }
              return Future.succeededFuture();
            });
  }

  private void remerge() {
    if (documents.size() < 2) {
      return; // one document alone would be an API with holes
    }
    Map<String, JsonNode> ordered = new LinkedHashMap<>();
    ordered.put("subscription-service", documents.get("subscription-service"));
    ordered.put("credentials-service", documents.get("credentials-service"));
    try {
      ObjectNode document = merger.merge(ordered);
      if (!document.equals(merged)) {
        merged = document;
      }
    } catch (RuntimeException e) {
      LOG.error("The services' OpenAPI documents could not be merged", e);
    }
  }

  /** True when the service's document was fetched and differs from the copy we had. */
  private Future<Boolean> fetch(Upstream upstream) {
    RequestOptions options =
        upstream
            .request(HttpMethod.GET, "/q/openapi?format=json")
            .setConnectTimeout(2000)
            .setIdleTimeout(5000)
            .putHeader("Accept", "application/json")
            .putHeader("Authorization", "Bearer " + tokens.tokenFor(Caller.GATEWAY, upstream.audience()));
    return upstream
        .client()
        .request(options)
        .compose(request -> request.send())
        .compose(
            response ->
                response
                    .body()
                    .map(
                        body -> {
                          if (response.statusCode() != 200) {
                            return false;
                          }
                          try {
                            JsonNode document = json.readTree(body.getBytes());
                            JsonNode previous = documents.put(upstream.name(), document);
                            return !document.equals(previous);
                          } catch (IOException e) {
                            LOG.warnf("%s served an unreadable OpenAPI document", upstream.name());
                            return false;
                          }
                        }))
        .recover(
            failure -> {
              LOG.debugf("OpenAPI of %s not available: %s", upstream.name(), failure.getMessage());
              return Future.succeededFuture(false);
            });
  }

}
