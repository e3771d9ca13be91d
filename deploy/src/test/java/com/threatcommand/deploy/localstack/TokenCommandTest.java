package com.threatcommand.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            List.of("admin", "--hours", "721"))) {
      StackException e = assertThrows(StackException.class, () -> LocalStack.token(settings, args), args::toString);
      assertEquals(2, e.exitCode, args::toString);
    }
  }

  private static Settings running(Path dir, ProcessHandle launcher) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(work.resolve("keys"));
    Keys.write(IDP, work.resolve("keys/idp-private.pem"), work.resolve("keys/idp-public.pem"));
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
