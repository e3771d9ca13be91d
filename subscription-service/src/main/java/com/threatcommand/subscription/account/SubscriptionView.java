package com.threatcommand.subscription.account;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The subscription document (API.md, "Subscription"). */
@Schema(name = "Subscription")
public record SubscriptionView(
    @Schema(examples = "5f1e2d3c4b5a697887766554") String accountId,
    SubscriptionType type,
    SubscriptionStatus status,
    @Schema(examples = "2027-06-30") LocalDate expiresOn,
    @Schema(description = "Whole days from today (UTC) to expiresOn; 0 once expired.", examples = "215")
        long daysRemaining,
    @Schema(description = "The whole module catalog, each flagged as included or not.") List<ModuleView> modules,
    Credits credits,
    Limitations limitations,
    StoredData storedData) {

  @Schema(name = "Module")
  public record ModuleView(
      @Schema(examples = "Discovery") String code,
      @Schema(examples = "Discovery") String name,
      boolean included) {}

  @Schema(name = "Credits")
  public record Credits(@Schema(examples = "120") long balance) {}

  @Schema(name = "Limitations")
  public record Limitations(Usage assets, Usage remediations) {}

  @Schema(name = "Usage", description = "remaining is never negative, even after a limit was lowered below use.")
  public record Usage(
      @Schema(examples = "100") long limit,
      @Schema(examples = "40") long used,
      @Schema(examples = "60") long remaining) {
    public static Usage of(long limit, long used) {
      return new Usage(limit, used, Math.max(0, limit - used));
    }
  }

  @Schema(name = "StoredData")
  public record StoredData(
      @Schema(examples = "EU") String region, @Schema(examples = "European Union") String location) {}
}
