package com.threatcommand.subscription.credits;

/** OpenAPI texts shared by the two debit operations (admin and API key). */
final class DebitDocs {
  static final String DESCRIPTION =
      "Debits the caller's account. The balance never goes below zero: a debit that does not fit"
          + " changes nothing and answers 409 insufficient-credits. Requires an Idempotency-Key:"
          + " the same key with the same body answers the first response byte for byte (header"
          + " Idempotent-Replayed: true) without debiting again; with another body 422; while the"
          + " first request is still in flight 409 idempotency-in-progress. Keys are kept at least"
          + " 24 hours per account. A request that failed did not use up its key.";
  static final String KEY =
      "A unique value per logical request (e.g. a UUID), 1 to 255 printable ASCII characters."
          + " Retrying with the same key never applies the request twice.";
  static final String REPLAYED =
      "Present (true) when this is the stored response of an earlier request with the same key.";
  static final String BAD_REQUEST =
      "validation-failed, malformed-json or idempotency-key-required: the body or the"
          + " Idempotency-Key header is missing or invalid";
  static final String NOT_FOUND =
      "subscription-not-found: no subscription is provisioned for the account";
  static final String CONFLICT =
      "insufficient-credits, subscription-expired or idempotency-in-progress: nothing was debited";
  static final String REUSED =
      "idempotency-key-reused: the key was already used with a different request";

  private DebitDocs() {}
}
