package com.threatcommand.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prod profile refuses development keys and missing settings (plain unit test). */
class ProductionGuardTest {
  @TempDir Path dir;

  static SmallRyeConfig config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build();
  }

  Map<String, String> production() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair signing = generator.generateKeyPair();
    KeyPair idp = generator.generateKeyPair();
    Path signingKey = dir.resolve("signing.pem");
    Files.writeString(signingKey, pem("PRIVATE KEY", signing.getPrivate().getEncoded()));
    Path idpKey = dir.resolve("idp.pem");
    Files.writeString(idpKey, pem("PUBLIC KEY", idp.getPublic().getEncoded()));
    Map<String, String> values = new HashMap<>();
    values.put("smallrye.jwt.sign.key.location", signingKey.toString());
    values.put("mp.jwt.verify.publickey.location", idpKey.toString());
    values.put("mp.jwt.verify.issuer", "https://idp.example.com");
    values.put("mp.jwt.verify.audiences", "threat-command");
    values.put("gateway.upstreams.subscription", "http://subscription-service:8081");
    values.put("gateway.upstreams.credentials", "http://credentials-service:8082");
    return values;
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  @Test
  void aCompleteProductionConfigurationPasses() throws Exception {
    assertEquals(List.of(), ProductionGuard.problems(config(production())));
  }

  @Test
  void everyMissingSettingIsNamed() {
    List<String> problems = ProductionGuard.problems(config(Map.of()));
    String all = String.join("; ", problems);
    for (String name :
        List.of(
            "SMALLRYE_JWT_SIGN_KEY_LOCATION",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "MP_JWT_VERIFY_ISSUER",
            "MP_JWT_VERIFY_AUDIENCES",
            "SUBSCRIPTION_SERVICE_URL",
            "CREDENTIALS_SERVICE_URL")) {
      assertTrue(all.contains(name), name + " not reported: " + all);
    }
  }

  @Test
  void theDevelopmentSigningKeyIsRefused() throws Exception {
    Map<String, String> values = production();
    values.put("smallrye.jwt.sign.key.location", "dev-keys/gateway-dev-private.pem");
    assertEquals(
        List.of("SMALLRYE_JWT_SIGN_KEY_LOCATION points at the development key"),
        ProductionGuard.problems(config(values)));
  }

  @Test
  void theDevelopmentIdentityProviderKeysAreRefused() throws Exception {
    for (String key : List.of("dev-keys/idp-dev-public.pem", "dev-keys/idp-dev-ec-public.pem")) {
      Map<String, String> values = production();
      values.put("mp.jwt.verify.publickey.location", key);
      assertEquals(
          List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION points at a development key"),
          ProductionGuard.problems(config(values)));
    }
  }
}
