package com.threatcommand.credentials.keys;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/credentials/{kind}/rotation}. */
@Schema(name = "RotationRequest")
public record RotationRequest(
    @NotNull
        @Min(0)
        @Max(MAX_GRACE_SECONDS)
        @Schema(
            description = "How long the old key keeps working, 0 (stops at once) to 604800 (7 days).",
            examples = "86400",
            minimum = "0",
            maximum = "604800")
        Long graceSeconds) {
  public static final long MAX_GRACE_SECONDS = 604_800;
}
