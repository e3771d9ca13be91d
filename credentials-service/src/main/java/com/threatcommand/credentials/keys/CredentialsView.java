package com.threatcommand.credentials.keys;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/credentials}: what the Downloads section shows, hints only. */
@Schema(name = "Credentials")
public record CredentialsView(KeyView apiKey, KeyView applianceKey) {

  @Schema(name = "KeyStatus", description = "One kind of key. Fields other than status are null while status is NONE.")
  public record KeyView(
      @Schema(examples = "ACTIVE", enumeration = {"ACTIVE", "NONE"}) String status,
      @Schema(examples = "7c0e5a7e-2f4b-4f0e-8f55-3d8a3a1f2b10") UUID id,
      @Schema(examples = "tcak_…9f3A") String hint,
      @Schema(examples = "2026-11-27T10:15:30Z") Instant createdAt,
      @Schema(examples = "jane.doe@example.com", description = "Email of the creator when known, else their subject.")
          String createdBy,
      @Schema(examples = "2026-11-27T11:02:00Z", description = "Minute precision; null if never used.")
          Instant lastUsedAt,
      @Schema(description = "The key replaced by the last rotation, while its grace period lasts.")
          PreviousKeyView previous) {

    static KeyView none() {
      return new KeyView("NONE", null, null, null, null, null, null);
    }
  }

  @Schema(name = "PreviousKey")
  public record PreviousKeyView(
      @Schema(examples = "1d2c3b4a-5e6f-4a0b-9c8d-7e6f5a4b3c2d") UUID id,
      @Schema(examples = "tcak_…X7bQ") String hint,
      @Schema(examples = "2026-11-28T10:15:30Z", description = "When it stops working.") Instant expiresAt,
      @Schema(examples = "2026-11-27T10:14:00Z") Instant lastUsedAt) {}
}
