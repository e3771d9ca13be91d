package com.threatcommand.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity provider's tokens as the gateway verifies them: RS256 over header.payload. */
class KeysTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPair IDP = Keys.rsa();
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void adminTokenIsSignedByTheIdentityProviderKeyWithTheGatewaysIssuerAudienceAndTenant() throws Exception {
    String token = Keys.adminToken(IDP.getPrivate(), Keys.DEMO_ACCOUNT, Duration.ofHours(8), NOW);

    assertTrue(verifies(token, IDP.getPublic()));
    JsonNode header = part(token, 0);
    assertEquals("RS256", header.path("alg").asText());
    JsonNode claims = part(token, 1);
    assertEquals(Keys.IDP_ISSUER, claims.path("iss").asText());
    assertEquals("threat-command", claims.path("aud").asText());
    assertEquals(Keys.DEMO_ACCOUNT, claims.path("account_id").asText());
    assertEquals("admin", claims.path("groups").path(0).asText());
    assertEquals(1, claims.path("groups").size());
    assertEquals(NOW.getEpochSecond(), claims.path("iat").asLong());
    assertEquals(NOW.getEpochSecond() + 8 * 3600, claims.path("exp").asLong());
    assertFalse(claims.path("sub").asText().isEmpty());
    assertFalse(claims.path("jti").asText().isEmpty());
    assertTrue(claims.path("email").asText().contains("@"));
  }

  @Test
  void provisionerTokenHasNoTenant() throws Exception {
    String token = Keys.provisionerToken(IDP.getPrivate(), Duration.ofHours(1), NOW);

    assertTrue(verifies(token, IDP.getPublic()));
    JsonNode claims = part(token, 1);
    assertEquals("provisioner", claims.path("groups").path(0).asText());
    assertTrue(claims.path("account_id").isMissingNode());
    assertEquals(NOW.getEpochSecond() + 3600, claims.path("exp").asLong());
  }

  @Test
  void anotherRunsKeyDoesNotVerifyTheToken() throws Exception {
    String token = Keys.adminToken(IDP.getPrivate(), Keys.DEMO_ACCOUNT, Duration.ofHours(8), NOW);

    assertFalse(verifies(token, Keys.rsa().getPublic()));
  }

  @Test
  void eachTokenHasItsOwnId() throws Exception {
    String one = Keys.adminToken(IDP.getPrivate(), Keys.DEMO_ACCOUNT, Duration.ofHours(8), NOW);
    String two = Keys.adminToken(IDP.getPrivate(), Keys.DEMO_ACCOUNT, Duration.ofHours(8), NOW);

    assertFalse(part(one, 1).path("jti").asText().equals(part(two, 1).path("jti").asText()));
  }

  @Test
  void anAccountIdThatCouldBreakTheJsonIsRefused() {
    for (String bad : new String[] {"", "a\"b", "a,\"groups\":[\"provisioner\"]", "x".repeat(65), "acc ount"}) {
      StackException e =
          assertThrows(StackException.class, () -> Keys.adminToken(IDP.getPrivate(), bad, Duration.ofHours(1), NOW));
      assertEquals(2, e.exitCode);
    }
  }

  @Test
  void privateKeyIsWrittenForTheOwnerOnlyAndReadsBack(@TempDir Path dir) throws Exception {
    Keys.write(IDP, dir.resolve("private.pem"), dir.resolve("public.pem"));

    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(dir.resolve("private.pem")));
    assertTrue(Files.readString(dir.resolve("public.pem")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    String token = Keys.provisionerToken(Keys.readPrivate(dir.resolve("private.pem")), Duration.ofHours(1), NOW);
    assertTrue(verifies(token, IDP.getPublic()));
  }

  static boolean verifies(String token, PublicKey key) throws Exception {
    int lastDot = token.lastIndexOf('.');
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initVerify(key);
    signature.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
    return signature.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
  }

  static JsonNode part(String token, int index) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }
}
