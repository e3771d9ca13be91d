package com.threatcommand.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy/local-stack token ...}: signed with the running stack's key, or a clear refusal. */
class TokenCommandTest {
  private static final KeyPair IDP = Keys.rsa();
  private static final KeyPair GATEWAY = Keys.rsa();

  @Test
  void mintsTokensWithTheRunningStacksIdentityProviderKey(@TempDir Path dir) throws Exception {
    Settings settings = running(dir, ProcessHandle.current());

    String admin = LocalStack.token(settings, List.of("admin", "6a1e2d3c4b5a697887766001"));
    assertTrue(KeysTest.verifies(admin, IDP.getPublic()));
    assertEquals("6a1e2d3c4b5a697887766001", KeysTest.part(admin, 1).path("account_id").asText());

    String demo = LocalStack.token(settings, List.of("admin", "--hours", "2"));
    assertEquals(Keys.DEMO_ACCOUNT, KeysTest.part(demo, 1).path("account_id").asText());
    assertEquals(
        2 * 3600, KeysTest.part(demo, 1).path("exp").asLong() - KeysTest.part(demo, 1).path("iat").asLong());

    String provisioner = LocalStack.token(settings, List.of("provisioner"));
    assertTrue(KeysTest.verifies(provisioner, IDP.getPublic()));
    assertEquals("provisioner", KeysTest.part(provisioner, 1).path("groups").path(0).asText());
  }

  @Test
  void mintsInternalTokensWithTheRunningGatewaysKeyForFiveMinutes(@TempDir Path dir) throws Exception {
    Settings settings = running(dir, ProcessHandle.current());

    String token = LocalStack.token(settings, List.of("internal", "subscription-service", "api-key"));
    assertTrue(KeysTest.verifies(token, GATEWAY.getPublic()));
    assertFalse(KeysTest.verifies(token, IDP.getPublic()));
    var claims = KeysTest.part(token, 1);
    assertEquals("urn:threatcommand:gateway", claims.path("iss").asText());
    assertEquals("subscription-service", claims.path("aud").asText());
    assertEquals("api-key", claims.path("groups").path(0).asText());
    assertEquals(Keys.DEMO_ACCOUNT, claims.path("account_id").asText());
    assertEquals(300, claims.path("exp").asLong() - claims.path("iat").asLong());

    var provisioner =
        KeysTest.part(LocalStack.token(settings, List.of("internal", "credentials-service", "provisioner")), 1);
    assertEquals("credentials-service", provisioner.path("aud").asText());
    assertTrue(provisioner.path("account_id").isMissingNode());

    var other =
        KeysTest.part(
            LocalStack.token(settings, List.of("internal", "credentials-service", "admin", "6a1e2d3c4b5a697887766001")),
            1);
    assertEquals("6a1e2d3c4b5a697887766001", other.path("account_id").asText());
  }

  @Test
  void withoutARunningStackItSaysSo(@TempDir Path dir) {
    Settings settings = Settings.from(Map.of("STACK_DIR", dir.toString()), dir);

    StackException e = assertThrows(StackException.class, () -> LocalStack.token(settings, List.of("admin")));
    assertEquals(1, e.exitCode);
    assertTrue(e.getMessage().contains("No local stack runs from " + dir), e.getMessage());
  }

  @Test
  void aRunFileLeftByAStackThatIsGoneDoesNotCount(@TempDir Path dir) throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Settings settings = running(dir, gone.toHandle());

    StackException e = assertThrows(StackException.class, () -> LocalStack.token(settings, List.of("admin")));
    assertEquals(1, e.exitCode);
  }

  @Test
  void wrongUsageIsRefusedBeforeLookingForAStack(@TempDir Path dir) {
    Settings settings = Settings.from(Map.of("STACK_DIR", dir.toString()), dir);
    for (List<String> args :
        List.of(
            List.<String>of(),
            List.of("root"),
            List.of("provisioner", "5f1e2d3c4b5a697887766554"),
            List.of("admin", "a", "b"),
            List.of("admin", "--hours"),
            List.of("admin", "--hours", "ever"),
            List.of("admin", "--hours", "0"),
            List.of("admin", "--hours", "721"),
            List.of("internal"),
            List.of("internal", "subscription-service"),
            List.of("internal", "gateway", "admin"),
            List.of("internal", "subscription-service", "root"),
            List.of("internal", "subscription-service", "admin", "a b"),
            List.of("internal", "subscription-service", "admin", "a", "b"))) {
      StackException e = assertThrows(StackException.class, () -> LocalStack.token(settings, args), args::toString);
      assertEquals(2, e.exitCode, args::toString);
    }
  }

  private static Settings running(Path dir, ProcessHandle launcher) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(work.resolve("keys"));
    Keys.write(IDP, work.resolve("keys/idp-private.pem"), work.resolve("keys/idp-public.pem"));
    Keys.write(GATEWAY, work.resolve("keys/gateway-private.pem"), work.resolve("keys/gateway-public.pem"));
    Path stackDir = Files.createDirectories(dir.resolve("stack"));
    new RunFile(
            launcher.pid(),
            launcher.info().startInstant().orElse(Instant.EPOCH),
            work,
            "http://localhost:8080",
            List.of())
        .write(stackDir);
    return Settings.from(Map.of("STACK_DIR", stackDir.toString()), dir);
  }
}
