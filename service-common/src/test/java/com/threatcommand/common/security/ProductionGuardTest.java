package com.threatcommand.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks every service's production profile makes, and how a service adds its own. */
class ProductionGuardTest {
  private static final List<ProductionRequirement> NONE = List.of();

  private static Config config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build();
  }

  private static Map<String, String> complete() {
    Map<String, String> values = new HashMap<>();
    values.put("mp.jwt.verify.publickey.location", "/etc/keys/gateway-public.pem");
    values.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/service");
    return values;
  }

  @Test
  void aCompleteProductionConfigurationPasses() {
    assertEquals(List.of(), ProductionGuard.problems(config(complete()), NONE));
    Map<String, String> inline = complete();
    inline.remove("mp.jwt.verify.publickey.location");
    inline.put("mp.jwt.verify.publickey", "MIIBIjANBgkqh...");
    assertEquals(List.of(), ProductionGuard.problems(config(inline), NONE));
  }

  @Test
  void nothingConfiguredNamesTheKeyAndTheDatabase() {
    assertEquals(
        List.of(
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION (the gateway's public key) is not set",
            "QUARKUS_DATASOURCE_JDBC_URL is not set"),
        ProductionGuard.problems(config(Map.of()), NONE));
  }

  @Test
  void theDevelopmentPublicKeyIsRefusedOnTheClasspathAndAsAFile(@TempDir Path dir)
      throws IOException {
    Map<String, String> values = complete();
    values.put("mp.jwt.verify.publickey.location", "dev-keys/gateway-dev-public.pem");
    List<String> refused = List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION points at the development key");
    assertEquals(refused, ProductionGuard.problems(config(values), NONE));
    values.put("mp.jwt.verify.publickey.location", "classpath:dev-keys/gateway-dev-public.pem");
    assertEquals(refused, ProductionGuard.problems(config(values), NONE));

    // The same key copied to a file, re-wrapped: still the development key.
    String pem;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(ProductionGuard.DEV_PUBLIC_KEY)) {
      pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
    Path copy = Files.writeString(dir.resolve("gateway.pem"), pem.replace("\n", "\r\n"));
    values.put("mp.jwt.verify.publickey.location", "file:" + copy);
    assertEquals(refused, ProductionGuard.problems(config(values), NONE));
  }

  @Test
  void aServicesRequirementsComeBetweenTheKeyAndTheDatabase() {
    ProductionRequirement secret = config -> List.of("SECRET is not set");
    ProductionRequirement satisfied = config -> List.of();
    assertEquals(
        List.of(
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION (the gateway's public key) is not set",
            "SECRET is not set",
            "QUARKUS_DATASOURCE_JDBC_URL is not set"),
        ProductionGuard.problems(config(Map.of()), List.of(satisfied, secret)));
    assertEquals(
        List.of("SECRET is not set"),
        ProductionGuard.problems(config(complete()), List.of(secret, satisfied)));
  }
}
