package com.threatcommand.subscription.upgrade;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public final class UpgradeViews {
  public static final long MAX_QUANTITY = 1_000_000L;

  private UpgradeViews() {}

  @Schema(
      name = "UpgradeRequestBody",
      description =
          "MODULES needs modules (catalog codes not yet included) and no quantity; CREDITS, ASSETS"
              + " and REMEDIATIONS need quantity (how many more) and no modules.")
  public record Body(
      @NotNull Category category,
      @Size(max = 16)
          @Schema(
              description = "Module codes from the catalog that the account does not have yet.",
              examples = "[\"IntelliFind\", \"Cve\"]",
              maxItems = 16,
              nullable = true)
          List<@NotBlank @Size(max = 64) String> modules,
      @Min(1)
          @Max(MAX_QUANTITY)
          @Schema(
              description = "How many more credits, assets or remediations.",
              examples = "500",
              minimum = "1",
              maximum = "1000000",
              nullable = true)
          Long quantity,
      @Size(max = 2000)
          @Schema(
              description = "A note for Sales.",
              examples = "We are onboarding two more subsidiaries in Q1.",
              maxLength = 2000,
              nullable = true)
          String message) {}

  @Schema(name = "Requester", description = "Who asked, from the verified token.")
  public record Requester(
      @Schema(examples = "auth0|5f1e2d3c") String subject,
      @Schema(examples = "alice@example.com", nullable = true) String email,
      @Schema(examples = "Alice Example", nullable = true) String name) {}

  @Schema(name = "UpgradeRequest")
  public record View(
      @Schema(examples = "7a0c2b9e-51a4-4c53-9d6e-3b0f6d1c2a77") UUID id,
      Category category,
      @Schema(description = "The modules asked for; empty for other categories.") List<String> modules,
      @Schema(description = "How many more; null for MODULES.", examples = "500", nullable = true)
          Long quantity,
      @Schema(nullable = true) String message,
      DeliveryStatus status,
      Requester requestedBy,
      @Schema(examples = "2026-11-27T10:15:30Z") Instant createdAt,
      @Schema(
              description = "When the SMTP server accepted the email to Sales.",
              examples = "2026-11-27T10:15:41Z",
              nullable = true)
          Instant sentAt) {

    static View of(UpgradeRequest r) {
      return new View(
          r.id,
          r.category,
          r.modules == null ? List.of() : r.modules,
          r.quantity,
          r.message,
          r.status,
          new Requester(r.requesterSubject, r.requesterEmail, r.requesterName),
          r.createdAt,
          r.sentAt);
    }
  }

  @Schema(name = "UpgradeRequestPage")
  public record Page(
      List<View> items,
      @Schema(
              description = "Pass as ?cursor= for the next (older) page; null on the last page.",
              nullable = true,
              examples = "dXBncmFkZXM6MTI")
          String nextCursor) {}
}
