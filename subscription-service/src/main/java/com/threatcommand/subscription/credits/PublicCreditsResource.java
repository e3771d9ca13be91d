package com.threatcommand.subscription.credits;

import com.threatcommand.common.http.AccountChange;
import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
import com.threatcommand.subscription.credits.CreditViews.CreditResult;
import com.threatcommand.subscription.credits.CreditViews.DebitRequest;
import com.threatcommand.subscription.idempotency.Idempotency;
import com.threatcommand.subscription.idempotency.IdempotencyKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** Debits for integrators (API key), at the path the gateway exposes. */
@Path("/public/v1/account/credits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.API_KEY)
@Tag(name = "Public API")
public class PublicCreditsResource {
  static final String DEBITS = "/public/v1/account/credits/debits";

  private final CreditService credits;
  private final Idempotency idempotency;
  private final Caller caller;

  PublicCreditsResource(CreditService credits, Idempotency idempotency, Caller caller) {
    this.credits = credits;
    this.idempotency = idempotency;
    this.caller = caller;
  }

  @POST
  @AccountChange
  @Path("/debits")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "debitAccountCredits",
      summary = "Spend credits (API key)",
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
}
