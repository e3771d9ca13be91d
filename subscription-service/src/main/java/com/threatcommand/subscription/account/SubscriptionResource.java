package com.threatcommand.subscription.account;

import com.threatcommand.common.problem.Problem;
import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Subscription section of the page, for the account's administrators. */
@Path("/api/v1/subscription")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscription")
public class SubscriptionResource {
  private final SubscriptionService subscriptions;
  private final Caller caller;

  SubscriptionResource(SubscriptionService subscriptions, Caller caller) {
    this.subscriptions = subscriptions;
    this.caller = caller;
  }

  @GET
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      operationId = "getSubscription",
      summary = "The caller's subscription: type, modules, credits, expiry, limits, storage region")
  @APIResponse(responseCode = "200", description = "The subscription document")
  @APIResponse(
      responseCode = "404",
      description = "subscription-not-found: no subscription is provisioned for the account",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public SubscriptionView get() {
    return subscriptions.view(caller.accountId());
  }
}
