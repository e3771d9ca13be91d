package com.threatcommand.subscription.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PUT /api/v1/provisioning/accounts/{accountId}/subscription}: the whole plan. */
@Schema(name = "ProvisionSubscriptionRequest")
public record ProvisionRequest(
    @NotNull SubscriptionType type,
    @NotNull @Schema(examples = "2027-06-30") LocalDate expiresOn,
    @NotNull @Size(max = 64) @Schema(description = "Included module codes from the catalog.")
        List<@NotBlank String> modules,
    @NotNull @Valid Limits limits,
    @NotBlank @Size(max = 16) @Schema(examples = "EU") String storedDataRegion) {

  public static final long MAX_LIMIT = 1_000_000_000L;

  @Schema(name = "ProvisionLimits")
  public record Limits(
      @NotNull @Min(0) @Max(MAX_LIMIT) @Schema(examples = "100") Long assets,
      @NotNull @Min(0) @Max(MAX_LIMIT) @Schema(examples = "25") Long remediations) {}
}
