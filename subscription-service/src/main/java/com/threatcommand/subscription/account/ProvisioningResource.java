package com.threatcommand.subscription.account;

import com.threatcommand.common.http.AccountChange;
import com.threatcommand.common.problem.Problem;
import com.threatcommand.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The back office sets up and reads subscriptions (provisioner tokens only). */
@Path("/api/v1/provisioning/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PROVISIONER)
@Tag(name = "Provisioning")
public class ProvisioningResource {
  public static final String ACCOUNT_ID_PATTERN = "^[A-Za-z0-9_-]{1,64}$";

  private final SubscriptionService subscriptions;

  ProvisioningResource(SubscriptionService subscriptions) {
    this.subscriptions = subscriptions;
  }

  @PUT
  @AccountChange
  @Path("/subscription")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "provisionSubscription", summary = "Create or replace an account's plan")
  @APIResponse(
      responseCode = "200",
      description = "The plan was replaced",
      content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
  @APIResponse(
      responseCode = "201",
      description = "The plan was created",
      content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
  public Response provision(
      @PathParam("accountId") @Pattern(regexp = ACCOUNT_ID_PATTERN, message = "must be 1 to 64 letters, digits, '_' or '-'")
          String accountId,
      @NotNull @Valid ProvisionRequest body) {
    SubscriptionService.Provisioned result = subscriptions.provision(accountId, body);
    return Response.status(result.created() ? 201 : 200).entity(result.view()).build();
  }

  @GET
  @Path("/subscription")
  @Operation(operationId = "getProvisionedSubscription", summary = "An account's subscription")
  @APIResponse(responseCode = "200", description = "The subscription document")
  @APIResponse(
      responseCode = "404",
      description = "subscription-not-found: no subscription is provisioned for the account",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public SubscriptionView get(
      @PathParam("accountId") @Pattern(regexp = ACCOUNT_ID_PATTERN, message = "must be 1 to 64 letters, digits, '_' or '-'")
          String accountId) {
    return subscriptions.view(accountId);
  }
}
