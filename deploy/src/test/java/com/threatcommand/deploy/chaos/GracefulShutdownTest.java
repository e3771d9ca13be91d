package com.threatcommand.deploy.chaos;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every packaged application is configured to drain on SIGTERM wherever it runs (the local stack too, not only with
 * Kubernetes' config file): deploy/chaos/run's rolling restart got 502s from the gateway for the
 * requests a service dropped when it stopped at once.
 */
class GracefulShutdownTest {
  @ParameterizedTest
  @ValueSource(strings = {"gateway", "subscription-service", "credentials-service"})
  void aPackagedApplicationIsConfiguredToDrainItsRequestsOnSigterm(String application) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("..", application, "src/main/resources/application.properties"))) {
      properties.load(in);
    }
    String timeout = properties.getProperty("%prod.quarkus.shutdown.timeout");
    assertNotNull(timeout, application + ": without quarkus.shutdown.timeout Quarkus drops in-flight requests on SIGTERM");
    Duration drain = Duration.parse("PT" + timeout.toUpperCase());
    assertTrue(drain.toSeconds() >= 5 && drain.toSeconds() <= 20, application + ": drain of " + drain + " outside 5 to 20 s");
  }
}
