package com.threatcommand.common.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start with the {@code prod} profile (the default of a packaged application) while a
 * secret or trust anchor is missing or still a development default committed in this repository.
 */
@ApplicationScoped
public class ProductionGuard {
  static final String DEV_PUBLIC_KEY = "dev-keys/gateway-dev-public.pem";

  void check(
      @Observes StartupEvent event,
      Config config,
      @Any Instance<ProductionRequirement> requirements) {
    if (!ConfigUtils.getProfiles().contains("prod")) {
      return;
    }
    List<String> problems = problems(config, requirements);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Refusing to start in production: " + String.join("; ", problems));
    }
  }

  /**
   * What is missing: the gateway's public key (not the development one), then each service
   * requirement's, then the database.
   */
  public static List<String> problems(
      Config config, Iterable<? extends ProductionRequirement> requirements) {
    List<String> problems = new ArrayList<>();
    Optional<String> keyLocation =
        config.getOptionalValue("mp.jwt.verify.publickey.location", String.class);
    if (keyLocation.isEmpty() && config.getOptionalValue("mp.jwt.verify.publickey", String.class).isEmpty()) {
      problems.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION (the gateway's public key) is not set");
    } else if (keyLocation.isPresent() && isDevelopmentKey(keyLocation.get())) {
      problems.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION points at the development key");
    }
    for (ProductionRequirement requirement : requirements) {
      problems.addAll(requirement.problems(config));
    }
    if (config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isEmpty()) {
      problems.add("QUARKUS_DATASOURCE_JDBC_URL is not set");
    }
    return problems;
  }

  private static boolean isDevelopmentKey(String location) {
    String devKey = read(ProductionGuard.class.getClassLoader().getResourceAsStream(DEV_PUBLIC_KEY));
    if (devKey == null) {
      return false;
    }
    String configured;
    String path = location.startsWith("file:") ? location.substring(5) : location;
    if (Files.isReadable(Path.of(path))) {
      try {
        configured = Files.readString(Path.of(path));
      } catch (IOException e) {
        return false;
      }
    } else {
      configured =
          read(
              ProductionGuard.class
                  .getClassLoader()
                  .getResourceAsStream(path.startsWith("classpath:") ? path.substring(10) : path));
    }
    return configured != null && normalise(configured).equals(normalise(devKey));
  }

  private static String normalise(String pem) {
    return pem.replaceAll("\\s", "");
  }

  private static String read(InputStream in) {
    if (in == null) {
      return null;
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
