package com.threatcommand.subscription.openapi;

import com.threatcommand.common.problem.OpenApiProblems;
import com.threatcommand.common.problem.Problem;
import java.util.List;
import java.util.Map;

/**
 * The common problem responses of every operation, with one realistic example per problem slug
 * (the API guide and generated clients show them). Registered with {@code mp.openapi.filter}.
 */
public class ProblemExamples extends OpenApiProblems {
  /** Realistic details for the examples of the common slugs. */
  private static final Map<String, String> DETAILS =
      Map.ofEntries(
          Map.entry("validation-failed", "amount: must be less than or equal to 1000000"),
          Map.entry("malformed-json", "The request body is not valid JSON."),
          Map.entry(
              "idempotency-key-required",
              "Send an Idempotency-Key header (1 to 255 printable characters, e.g. a UUID) so that"
                  + " a retried request is never applied twice."),
          Map.entry("unauthenticated", "The bearer token is missing, invalid or expired."),
          Map.entry("forbidden", "Your credentials do not allow this operation."),
          Map.entry(
              "subscription-not-found", "No subscription is provisioned for this account."),
          Map.entry("not-found", "No such upgrade request."),
          Map.entry(
              "insufficient-credits",
              "The balance is 3 credits; this debit needs 5. Nothing was debited."),
          Map.entry(
              "subscription-expired",
              "The subscription expired on 2026-06-30; nothing more can be consumed until it is"
                  + " renewed."),
          Map.entry(
              "limit-exceeded",
              "The assets limit is 100 and 98 are used; 5 more do not fit. Nothing was consumed."),
          Map.entry(
              "idempotency-in-progress",
              "A request with this Idempotency-Key is still being processed. Retry shortly to get"
                  + " its result."),
          Map.entry(
              "idempotency-key-reused",
              "This Idempotency-Key was already used with a different request. Use a new key for a"
                  + " new request."),
          Map.entry(
              "rate-limited",
              "At most 20 upgrade requests per account per hour. Try again in 1260 seconds."),
          Map.entry("payload-too-large", "The request body exceeds 64 KiB."),
          Map.entry("unsupported-media-type", "Send the body as application/json."),
          Map.entry(
              "upstream-unavailable", "The service cannot reach its database. Try again shortly."));

  @Override
  protected Map<String, String> exampleDetails() {
    return DETAILS;
  }

  @Override
  protected List<Problem.FieldError> exampleErrors() {
    return List.of(new Problem.FieldError("amount", "must be less than or equal to 1000000"));
  }
}
