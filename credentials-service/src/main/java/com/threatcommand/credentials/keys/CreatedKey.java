package com.threatcommand.credentials.keys;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new key, with the full key: returned once (201, {@code Cache-Control: no-store}) and never again. */
@Schema(name = "CreatedKey")
public record CreatedKey(
    @Schema(examples = "api-key") KeyKind kind,
    @Schema(examples = "7c0e5a7e-2f4b-4f0e-8f55-3d8a3a1f2b10") UUID id,
    @Schema(
            description = "The full key. Shown only in this response; store it now.",
            examples = "tcak_4bQ0s3Vt9xkP2mWzL8rYc1NfJ6hD5aGe7uTq0iKo3ExaB9f3A")
        String key,
    @Schema(examples = "tcak_…9f3A") String hint,
    @Schema(examples = "5f1e2d3c4b5a697887766554") String accountId,
    @Schema(examples = "2026-11-27T10:15:30Z") Instant createdAt,
    @Schema(description = "Rotation only: the replaced key and when it stops working; null otherwise.")
        CredentialsView.PreviousKeyView previous) {}
