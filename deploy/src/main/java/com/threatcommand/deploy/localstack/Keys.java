package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The development keys of one run (made fresh at each start, never the repository's) and the
 * identity provider's tokens signed with them: RS256, with the JDK alone.
 */
final class Keys {
  static final String IDP_ISSUER = "https://idp.local-stack.threatcommand.local";
  static final String IDP_AUDIENCE = "threat-command";
  static final String DEMO_ACCOUNT = "5f1e2d3c4b5a697887766554";
  static final Duration DEMO_TOKEN_LIFETIME = Duration.ofHours(8);
  /** The gateway's internal issuer (gateway.internal-token.issuer's default, which the stack keeps). */
  static final String INTERNAL_ISSUER = "urn:threatcommand:gateway";
  /** API.md, "Internal token": {@code exp} at most 5 minutes after {@code iat}. */
  static final Duration INTERNAL_TOKEN_LIFETIME = Duration.ofMinutes(5);
  static final List<String> SERVICES = List.of("subscription-service", "credentials-service");
  static final List<String> INTERNAL_GROUPS =
      List.of("admin", "provisioner", "api-key", "appliance-key", "gateway");
  private static final Pattern ACCOUNT_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

  private Keys() {}

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK cannot make RSA keys", e);
    }
  }

  /** Writes the private half (PKCS#8) and the public half (X.509) as PEM files readable only by us. */
  static void write(KeyPair pair, Path privatePem, Path publicPem) throws IOException {
    writePrivate(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
  }

  static PrivateKey readPrivate(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + " is not a PKCS#8 RSA private key", e);
    }
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  static void requireAccountId(String accountId) {
    if (!ACCOUNT_ID.matcher(accountId).matches()) {
      throw new StackException(2, "An account ID is 1 to 64 letters, digits, '_' or '-' (got '" + accountId + "')");
    }
  }

  /** An account administrator's token, as the company identity provider would issue it. */
  static String adminToken(PrivateKey idpKey, String accountId, Duration lifetime, Instant now) {
    requireAccountId(accountId);
    return sign(
        idpKey,
        "\"sub\":\"local-stack-admin\",\"groups\":[\"admin\"],\"account_id\":\"" + accountId + "\","
            + "\"email\":\"demo.admin@threatcommand.local\",\"name\":\"Demo Admin\"",
        lifetime,
        now);
  }

  /** A back-office token for /api/v1/provisioning. */
  static String provisionerToken(PrivateKey idpKey, Duration lifetime, Instant now) {
    return sign(idpKey, "\"sub\":\"local-stack-back-office\",\"groups\":[\"provisioner\"]", lifetime, now);
  }

  /**
   * An internal token as the gateway would mint it (signed with the gateway's key of the run), for
   * calling a service directly, as the benchmark's direct and nginx cases do.
   */
  static String internalToken(PrivateKey gatewayKey, String service, String group, String accountId, Instant now) {
    requireAccountId(accountId);
    String account = group.equals("provisioner") || group.equals("gateway") ? "" : ",\"account_id\":\"" + accountId + "\"";
    return sign(
        gatewayKey,
        INTERNAL_ISSUER,
        service,
        "\"sub\":\"local-stack-" + group + "\",\"groups\":[\"" + group + "\"]" + account,
        INTERNAL_TOKEN_LIFETIME,
        now);
  }

  private static String sign(PrivateKey key, String claims, Duration lifetime, Instant now) {
    return sign(key, IDP_ISSUER, IDP_AUDIENCE, claims, lifetime, now);
  }

  private static String sign(
      PrivateKey key, String issuer, String audience, String claims, Duration lifetime, Instant now) {
    long iat = now.getEpochSecond();
    String payload =
        "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\"," + claims
            + ",\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + iat + ",\"exp\":" + (iat + lifetime.toSeconds()) + "}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
            + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not sign a token", e);
    }
  }

  private static void writePrivate(Path path, String content) throws IOException {
    Files.deleteIfExists(path);
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(path);
    }
    Files.writeString(path, content, StandardCharsets.US_ASCII);
  }
}
