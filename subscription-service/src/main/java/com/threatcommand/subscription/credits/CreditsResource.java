package com.threatcommand.subscription.credits;

import com.threatcommand.common.http.AccountChange;
import com.threatcommand.common.paging.PageParams;
import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
import com.threatcommand.subscription.credits.CreditViews.CreditResult;
import com.threatcommand.subscription.credits.CreditViews.DebitRequest;
import com.threatcommand.subscription.credits.CreditViews.TransactionPage;
import com.threatcommand.subscription.idempotency.Idempotency;
import com.threatcommand.subscription.idempotency.IdempotencyKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The credit balance's ledger and debits, for the account's administrators. */
@Path("/api/v1/subscription/credits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Credits")
public class CreditsResource {
  static final String DEBITS = "/api/v1/subscription/credits/debits";

  private final CreditService credits;
  private final Idempotency idempotency;
  private final Caller caller;

  CreditsResource(CreditService credits, Idempotency idempotency, Caller caller) {
    this.credits = credits;
    this.idempotency = idempotency;
    this.caller = caller;
  }

  @POST
  @AccountChange
  @Path("/debits")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "debitCredits",
      summary = "Spend credits",
      description = DebitDocs.DESCRIPTION)
  @APIResponse(
      responseCode = "201",
      description = "Debited; the transaction and the new balance",
      headers =
          @Header(
              name = IdempotencyKeys.REPLAYED_HEADER,
              description = DebitDocs.REPLAYED,
              schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
      content = @Content(schema = @Schema(implementation = CreditResult.class)))
  @APIResponse(responseCode = "400", description = DebitDocs.BAD_REQUEST)
  @APIResponse(responseCode = "404", description = DebitDocs.NOT_FOUND)
  @APIResponse(responseCode = "409", description = DebitDocs.CONFLICT)
  @APIResponse(responseCode = "422", description = DebitDocs.REUSED)
  public Response debit(
      @HeaderParam(IdempotencyKeys.HEADER)
          @Parameter(
              name = IdempotencyKeys.HEADER,
              in = ParameterIn.HEADER,
              required = true,
              description = DebitDocs.KEY,
              example = "5d0f1c1e-8f0a-4a7e-9b57-2f4f0c7f9a10",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      minLength = 1,
                      maxLength = 255,
                      pattern = IdempotencyKeys.PATTERN))
          String key,
      @NotNull @Valid DebitRequest body) {
    String accountId = caller.accountId();
    CreditService.Actor actor = CreditService.Actor.of(caller);
    return idempotency.execute(
        accountId,
        IdempotencyKeys.required(key),
        "POST " + DEBITS,
        body,
        () -> new Idempotency.Outcome(201, credits.debit(accountId, body, actor)));
  }

  @GET
  @Path("/transactions")
  @Operation(
      operationId = "listCreditTransactions",
      summary = "The credit ledger, newest first",
      description =
          "Grants and debits of the caller's account with the balance after each. Cursor paging:"
              + " pass nextCursor as ?cursor= until it is null.")
  @APIResponse(
      responseCode = "200",
      description = "A page of transactions",
      content = @Content(schema = @Schema(implementation = TransactionPage.class)))
  @APIResponse(
      responseCode = "400",
      description = "validation-failed: limit is not 1..200, or cursor is not one of this list")
  @APIResponse(
      responseCode = "404",
      description = "subscription-not-found: no subscription is provisioned for the account")
  public TransactionPage transactions(
      @BeanParam PageParams page) {
    String accountId = caller.accountId();
    return credits.transactions(
        accountId, page.parse(CreditService.CURSOR_LIST));
  }
}
