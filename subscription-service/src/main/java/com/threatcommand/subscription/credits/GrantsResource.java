package com.threatcommand.subscription.credits;

import com.threatcommand.common.http.AccountChange;
import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
import com.threatcommand.subscription.account.ProvisioningResource;
import com.threatcommand.subscription.credits.CreditViews.CreditResult;
import com.threatcommand.subscription.credits.CreditViews.GrantRequest;
import com.threatcommand.subscription.idempotency.Idempotency;
import com.threatcommand.subscription.idempotency.IdempotencyKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** The back office grants credits (provisioner tokens only). */
@Path("/api/v1/provisioning/accounts/{accountId}/credits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PROVISIONER)
@Tag(name = "Provisioning")
public class GrantsResource {
  private final CreditService credits;
  private final Idempotency idempotency;
  private final Caller caller;

  GrantsResource(CreditService credits, Idempotency idempotency, Caller caller) {
    this.credits = credits;
    this.idempotency = idempotency;
    this.caller = caller;
  }

  @POST
  @AccountChange
  @Path("/grants")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "grantCredits",
      summary = "Add credits to an account",
      description =
          "Adds to the balance and writes a GRANT row to the ledger, in one transaction. Allowed"
              + " on expired subscriptions too (a renewal often comes with credits). Requires an"
              + " Idempotency-Key, with the same semantics as debits.")
  @APIResponse(
      responseCode = "201",
      description = "Granted; the transaction and the new balance",
      headers =
          @Header(
              name = IdempotencyKeys.REPLAYED_HEADER,
              description = DebitDocs.REPLAYED,
              schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
      content = @Content(schema = @Schema(implementation = CreditResult.class)))
  @APIResponse(responseCode = "400", description = DebitDocs.BAD_REQUEST)
  @APIResponse(responseCode = "404", description = DebitDocs.NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = "idempotency-in-progress: a request with this key is still in flight")
  @APIResponse(responseCode = "422", description = DebitDocs.REUSED)
  public Response grant(
      @PathParam("accountId")
          @Pattern(
              regexp = ProvisioningResource.ACCOUNT_ID_PATTERN,
              message = "must be 1 to 64 letters, digits, '_' or '-'")
          String accountId,
      @HeaderParam(IdempotencyKeys.HEADER)
          @Parameter(
              name = IdempotencyKeys.HEADER,
              in = ParameterIn.HEADER,
              required = true,
              description = DebitDocs.KEY,
              example = "grant-2026-118",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      minLength = 1,
                      maxLength = 255,
                      pattern = IdempotencyKeys.PATTERN))
          String key,
      @NotNull @Valid GrantRequest body) {
    CreditService.Actor actor = CreditService.Actor.of(caller);
    return idempotency.execute(
        accountId,
        IdempotencyKeys.required(key),
        "POST /api/v1/provisioning/accounts/" + accountId + "/credits/grants",
        body,
        () -> new Idempotency.Outcome(201, credits.grant(accountId, body, actor)));
  }
}
