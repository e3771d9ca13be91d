package com.threatcommand.credentials.keys;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code POST /internal/v1/keys/verify}: {@link Valid} or {@link Invalid}. */
@Schema(
    name = "Verification",
    oneOf = {Verification.Valid.class, Verification.Invalid.class})
public sealed interface Verification {
  Invalid INVALID = new Invalid(false);

  /** A live key of that account. {@code expiresAt} is set while the key is in a rotation grace. */
  @Schema(name = "ValidKey")
  record Valid(
      @Schema(examples = "true") boolean valid,
      @Schema(examples = "5f1e2d3c4b5a697887766554") String accountId,
      @Schema(examples = "api-key") KeyKind kind,
      @Schema(examples = "7c0e5a7e-2f4b-4f0e-8f55-3d8a3a1f2b10") UUID keyId,
      @Schema(examples = "2026-11-28T10:15:30Z", nullable = true) Instant expiresAt)
      implements Verification {}

  /** Unknown, revoked, expired, other account, malformed or bad checksum: indistinguishable. */
  @Schema(name = "InvalidKey")
  record Invalid(@Schema(examples = "false") boolean valid) implements Verification {}
}
