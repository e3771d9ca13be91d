package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The keys of one run, made at its start and written to its work directory: the identity
 * provider's (admin and provisioner tokens; {@code token} reads its private half back) and the
 * gateway's (internal tokens), and the hash secret of stored keys.
 */
record RunKeys(PrivateKey idp, Path idpPublic, Path gatewayPrivate, Path gatewayPublic, String hashSecret) {
  static RunKeys make(Path directory) throws IOException {
    KeyPair idp = Keys.rsa();
    KeyPair gateway = Keys.rsa();
    Keys.write(idp, directory.resolve("idp-private.pem"), directory.resolve("idp-public.pem"));
    Keys.write(gateway, directory.resolve("gateway-private.pem"), directory.resolve("gateway-public.pem"));
    byte[] hashSecret = new byte[48];
    new SecureRandom().nextBytes(hashSecret);
    return new RunKeys(
        idp.getPrivate(),
        directory.resolve("idp-public.pem"),
        directory.resolve("gateway-private.pem"),
        directory.resolve("gateway-public.pem"),
        Base64.getEncoder().encodeToString(hashSecret));
  }
}
