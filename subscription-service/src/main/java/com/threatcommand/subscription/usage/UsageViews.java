package com.threatcommand.subscription.usage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class UsageViews {
  public static final long MAX_DELTA = 1_000_000_000L;

  private UsageViews() {}

  @Schema(
      name = "UsageChange",
      description = "A positive delta consumes, a negative one releases, 0 only reads.")
  public record UsageChange(
      @NotNull
          @Min(-MAX_DELTA)
          @Max(MAX_DELTA)
          @Schema(examples = "3", minimum = "-1000000000", maximum = "1000000000")
          Long delta) {}
}
