package com.threatcommand.subscription.usage;

import com.threatcommand.common.http.AccountChange;
import com.threatcommand.common.security.Roles;
import com.threatcommand.subscription.account.ProvisioningResource;
import com.threatcommand.subscription.account.SubscriptionView;
import com.threatcommand.subscription.idempotency.Idempotency;
import com.threatcommand.subscription.idempotency.IdempotencyKeys;
import com.threatcommand.subscription.usage.UsageViews.UsageChange;
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

/** Other systems report asset and remediation usage (provisioner tokens only). */
@Path("/api/v1/provisioning/accounts/{accountId}/usage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PROVISIONER)
@Tag(name = "Provisioning")
public class UsageResource {
  private final UsageService usage;
  private final Idempotency idempotency;

  UsageResource(UsageService usage, Idempotency idempotency) {
    this.usage = usage;
    this.idempotency = idempotency;
  }

  @POST
  @AccountChange
  @Path("/{counter: assets|remediations}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "changeUsage",
      summary = "Consume or release assets or remediations",
      description =
          "Adds delta to the counter atomically: concurrent callers never push used past the"
              + " limit nor below zero. Consuming (delta > 0) needs an active subscription and room"
              + " under the limit; releasing (delta < 0) is always allowed, also after expiry and"
              + " over a lowered limit. Optional Idempotency-Key, with the same semantics as"
              + " debits.")
  @APIResponse(
      responseCode = "200",
      description = "The counter after the change",
      headers =
          @Header(
              name = IdempotencyKeys.REPLAYED_HEADER,
              description =
                  "Present (true) when this is the stored response of an earlier request with the"
                      + " same key.",
              schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
      content = @Content(schema = @Schema(implementation = SubscriptionView.Usage.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "validation-failed or malformed-json: invalid body or key, or a release below zero")
  @APIResponse(
      responseCode = "404",
      description =
          "subscription-not-found or not-found: no subscription is provisioned for the account,"
              + " or the counter is neither assets nor remediations")
  @APIResponse(
      responseCode = "409",
      description =
          "limit-exceeded, subscription-expired or idempotency-in-progress: nothing changed")
  @APIResponse(
      responseCode = "422",
      description = "idempotency-key-reused: the key was already used with a different request")
  public Response change(
      @PathParam("accountId")
          @Pattern(
              regexp = ProvisioningResource.ACCOUNT_ID_PATTERN,
              message = "must be 1 to 64 letters, digits, '_' or '-'")
          String accountId,
      @PathParam("counter")
          @Parameter(
              description = "Which counter.",
              schema =
                  @Schema(type = SchemaType.STRING, enumeration = {"assets", "remediations"}))
          String counter,
      @HeaderParam(IdempotencyKeys.HEADER)
          @Parameter(
              name = IdempotencyKeys.HEADER,
              in = ParameterIn.HEADER,
              description =
                  "Optional. 1 to 255 printable ASCII characters; a retry with the same key is"
                      + " never applied twice.",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      minLength = 1,
                      maxLength = 255,
                      pattern = IdempotencyKeys.PATTERN))
          String key,
      @NotNull @Valid UsageChange body) {
    Counter which = Counter.fromPath(counter);
    return idempotency.execute(
        accountId,
        IdempotencyKeys.optional(key),
        "POST /api/v1/provisioning/accounts/" + accountId + "/usage/" + which.path,
        body,
        () -> new Idempotency.Outcome(200, usage.change(accountId, which, body.delta())));
  }
}
