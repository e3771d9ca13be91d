package com.threatcommand.credentials.keys;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /internal/v1/keys/verify}: what a caller presented in Basic auth. */
@Schema(name = "VerifyRequest")
public record VerifyRequest(
    @NotNull @Size(max = 64) @Schema(examples = "5f1e2d3c4b5a697887766554") String accountId,
    @NotNull
        @Size(max = 256)
        @Schema(examples = "tcak_4bQ0s3Vt9xkP2mWzL8rYc1NfJ6hD5aGe7uTq0iKo3ExaB9f3A")
        String key) {

  /** Never print the key, even by accident. */
  @Override
  public String toString() {
    return "VerifyRequest[accountId=" + accountId + ", key=<redacted>]";
  }
}
