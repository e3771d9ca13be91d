package com.threatcommand.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged gateway (prod profile) refuses to start with development keys or without settings. */
class PackagedGuardIT {

  static String run(Map<String, String> env) throws Exception {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "package the gateway first: " + jar);
    Path log = Files.createTempFile(Path.of("target"), "guard-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(
        key -> key.startsWith("QUARKUS_") || key.startsWith("MP_JWT") || key.startsWith("SMALLRYE_")
            || key.endsWith("_SERVICE_URL") || key.startsWith("GATEWAY_"));
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(Stack.freePort()));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the gateway started although it should have refused:\n" + Files.readString(log));
    }
    assertNotEquals(0, process.exitValue());
    return Files.readString(log);
  }

  @Test
  void refusesTheDevelopmentKeys() throws Exception {
    String log =
        run(
            Map.of(
                "SMALLRYE_JWT_SIGN_KEY_LOCATION", Path.of("src/test/resources/dev-keys/gateway-dev-private.pem").toAbsolutePath().toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/dev-keys/idp-dev-public.pem").toAbsolutePath().toString(),
                "MP_JWT_VERIFY_ISSUER", "https://idp.example.com",
                "MP_JWT_VERIFY_AUDIENCES", "threat-command",
                "SUBSCRIPTION_SERVICE_URL", "http://localhost:1",
                "CREDENTIALS_SERVICE_URL", "http://localhost:2"));
    assertTrue(log.contains("Refusing to start in production"), log);
    assertTrue(log.contains("SMALLRYE_JWT_SIGN_KEY_LOCATION points at the development key"), log);
    assertTrue(log.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION points at a development key"), log);
  }

  @Test
  void refusesToStartWithoutItsSettings() throws Exception {
    String log = run(Map.of());
    assertTrue(log.contains("Refusing to start in production"), log);
    for (String name :
        new String[] {
          "SMALLRYE_JWT_SIGN_KEY_LOCATION", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER",
          "MP_JWT_VERIFY_AUDIENCES", "SUBSCRIPTION_SERVICE_URL", "CREDENTIALS_SERVICE_URL"
        }) {
      assertTrue(log.contains(name), name + " not named:\n" + log);
    }
  }
}
