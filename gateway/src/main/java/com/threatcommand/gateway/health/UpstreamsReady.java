package com.threatcommand.gateway.health;

import com.threatcommand.gateway.upstream.Upstream;
import com.threatcommand.gateway.upstream.Upstreams;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when both services answer their liveness probe (within a second). */
@Readiness
@Singleton
public class UpstreamsReady implements AsyncHealthCheck {
  private final Upstreams upstreams;

  UpstreamsReady(Upstreams upstreams) {
    this.upstreams = upstreams;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    Future<Boolean> subscription = probe(upstreams.subscription());
    Future<Boolean> credentials = probe(upstreams.credentials());
    Future<HealthCheckResponse> both =
        Future.join(subscription, credentials)
            .transform(
                ar ->
                    Future.succeededFuture(
                        HealthCheckResponse.named("upstreams")
                            .status(subscription.result() && credentials.result())
                            .withData("subscription-service", subscription.result() ? "UP" : "DOWN")
                            .withData("credentials-service", credentials.result() ? "UP" : "DOWN")
                            .build()));
    return Uni.createFrom().completionStage(both.toCompletionStage());
  }

  private static Future<Boolean> probe(Upstream upstream) {
    RequestOptions options =
        upstream
            .request(HttpMethod.GET, "/q/health/live")
            .setConnectTimeout(1000)
            .setIdleTimeout(1000);
    return upstream
        .client()
        .request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200))
        .recover(failure -> Future.succeededFuture(false));
  }
}
