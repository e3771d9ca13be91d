package com.threatcommand.deploy.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

/**
 * Identity-provider tokens for the stack that runs from a directory, for programs outside this
 * package (the fault harness, {@code deploy/chaos/run}): the same tokens as {@code deploy/local-stack
 * token admin|provisioner}, without a JVM per token.
 */
public final class StackTokens {
  private final PrivateKey idp;

  private StackTokens(PrivateKey idp) {
    this.idp = idp;
  }

  /** The running stack of {@code stackDir} (its run file); fails when none runs from there. */
  public static StackTokens of(Path stackDir) throws IOException {
    RunFile run =
        RunFile.read(stackDir)
            .filter(r -> r.launcher().isPresent())
            .orElseThrow(() -> new IOException("no local stack runs from " + stackDir));
    return new StackTokens(Keys.readPrivate(run.idpKey()));
  }

  public String admin(String accountId, Duration lifetime) {
    return Keys.adminToken(idp, accountId, lifetime, Instant.now());
  }

  public String provisioner(Duration lifetime) {
    return Keys.provisionerToken(idp, lifetime, Instant.now());
  }

  /** The work directory of the running stack (its PostgreSQL data is in {@code postgres/}). */
  public static Path workDirectory(Path stackDir) throws IOException {
    return RunFile.read(stackDir).orElseThrow(() -> new IOException("no run file in " + stackDir)).workDirectory;
  }
}
