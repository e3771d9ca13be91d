package com.threatcommand.subscription.credits;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the credit endpoints. */
public final class CreditViews {
  public static final long MAX_AMOUNT = 1_000_000L;

  private CreditViews() {}

  @Schema(name = "DebitRequest", description = "Spend credits.")
  public record DebitRequest(
      @NotNull @Min(1) @Max(MAX_AMOUNT) @Schema(examples = "5", minimum = "1", maximum = "1000000")
          Long amount,
      @NotNull Purpose purpose,
      @Size(max = 200)
          @Schema(
              description = "The caller's own reference, e.g. the research task.",
              examples = "research-task-4711",
              maxLength = 200,
              nullable = true)
          String reference) {}

  @Schema(name = "GrantRequest", description = "Add credits to an account.")
  public record GrantRequest(
      @NotNull @Min(1) @Max(MAX_AMOUNT) @Schema(examples = "500", minimum = "1", maximum = "1000000")
          Long amount,
      @Size(max = 200)
          @Schema(
              description = "Why the credits are granted; shown as the transaction's reference.",
              examples = "Q3 top-up, order 2026-118",
              maxLength = 200,
              nullable = true)
          String reason) {}

  @Schema(name = "Actor", description = "Who made a transaction, from the verified token.")
  public record ActorView(
      @Schema(
              description = "The caller's group: admin, api-key or provisioner.",
              examples = "admin")
          String kind,
      @Schema(examples = "auth0|5f1e2d3c") String subject,
      @Schema(examples = "alice@example.com", nullable = true) String email) {}

  @Schema(name = "CreditTransaction")
  public record TransactionView(
      @Schema(examples = "0b9c6f9e-3f59-4c4b-a0e8-0f5c3b1f2a11") UUID id,
      TransactionKind kind,
      @Schema(examples = "5") long amount,
      @Schema(examples = "115") long balanceAfter,
      @Schema(description = "Set on debits; null on grants.", nullable = true) Purpose purpose,
      @Schema(
              description = "A debit's reference, or a grant's reason.",
              examples = "research-task-4711",
              nullable = true)
          String reference,
      ActorView actor,
      @Schema(examples = "2026-11-27T10:15:30Z") Instant createdAt) {

    static TransactionView of(CreditTransaction t) {
      return new TransactionView(
          t.id,
          t.kind,
          t.amount,
          t.balanceAfter,
          t.purpose,
          t.reference,
          new ActorView(t.actorKind, t.actorSubject, t.actorEmail),
          t.createdAt);
    }
  }

  @Schema(name = "CreditResult", description = "The new transaction and the balance after it.")
  public record CreditResult(TransactionView transaction, @Schema(examples = "115") long balance) {}

  @Schema(name = "CreditTransactionPage")
  public record TransactionPage(
      List<TransactionView> items,
      @Schema(
              description = "Pass as ?cursor= for the next (older) page; null on the last page.",
              nullable = true,
              examples = "dDo0Mg")
          String nextCursor) {}
}
