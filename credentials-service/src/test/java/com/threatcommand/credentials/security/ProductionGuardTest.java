package com.threatcommand.credentials.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.common.security.ProductionGuard;
import com.threatcommand.credentials.keys.HashSecretRequirement;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the prod profile refuses in credentials-service (the packaged-application test also starts it
 * for real); the checks every service shares: service-common's ProductionGuardTest.
 */
class ProductionGuardTest {
  private static final String GOOD_SECRET = "k".repeat(48);

  private static List<String> problems(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .build();
    return ProductionGuard.problems(config, List.of(new HashSecretRequirement()));
  }

  private static Map<String, String> good() {
    Map<String, String> p = new HashMap<>();
    p.put("mp.jwt.verify.publickey", "MIIBIjANBgkqh...");
    p.put("key.hash-secret", GOOD_SECRET);
    p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/credentials");
    return p;
  }

  @Test
  void aCompleteProductionConfigurationPasses() {
    assertEquals(List.of(), problems(good()));
  }

  @Test
  void theHashSecretMustBeSetLongAndNotTheDevelopmentDefault() {
    Map<String, String> p = good();
    p.remove("key.hash-secret");
    assertTrue(problems(p).contains("KEY_HASH_SECRET is not set"));
    p.put("key.hash-secret", HashSecretRequirement.DEV_HASH_SECRET);
    assertTrue(problems(p).contains("KEY_HASH_SECRET is the development default"));
    p.put("key.hash-secret", "k".repeat(31));
    assertTrue(problems(p).contains("KEY_HASH_SECRET is shorter than 32 bytes"));
    p.put("key.hash-secret", "k".repeat(32));
    assertEquals(List.of(), problems(p));
  }

  @Test
  void theDevelopmentPublicKeyAndAMissingDatabaseAreRefused() {
    Map<String, String> p = good();
    p.remove("mp.jwt.verify.publickey");
    p.put("mp.jwt.verify.publickey.location", "dev-keys/gateway-dev-public.pem");
    assertTrue(problems(p).contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION points at the development key"));
    p.remove("mp.jwt.verify.publickey.location");
    assertTrue(problems(p).contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION (the gateway's public key) is not set"));
    p = good();
    p.remove("quarkus.datasource.jdbc.url");
    assertTrue(problems(p).contains("QUARKUS_DATASOURCE_JDBC_URL is not set"));
  }

  @Test
  void theDevelopmentSecretInPropertiesIsTheOneTheGuardKnows() throws Exception {
    var properties = new java.util.Properties();
    try (var in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
      properties.load(in);
    }
    assertEquals(HashSecretRequirement.DEV_HASH_SECRET, properties.getProperty("%dev.key.hash-secret"));
    assertEquals(HashSecretRequirement.DEV_HASH_SECRET, properties.getProperty("%test.key.hash-secret"));
    assertEquals(null, properties.getProperty("key.hash-secret"));
  }
}
