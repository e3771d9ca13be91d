package com.threatcommand.credentials.revocation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while revocations can be delivered (the LISTEN connection is live). */
@Readiness
@ApplicationScoped
public class RevocationListenerHealth implements HealthCheck {
  private final RevocationHub hub;

  RevocationListenerHealth(RevocationHub hub) {
    this.hub = hub;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("revocation-listener").status(hub.isLive()).build();
  }
}
