package com.threatcommand.subscription.account;

import com.threatcommand.common.problem.Problem;
import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The integrators' view of their account (API key), at the same paths the gateway exposes. The
 * gateway turns {@code accountId:apiKey} into an internal token with the {@code api-key} group.
 */
@Path("/public/v1/account")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public API")
public class PublicAccountResource {
  private final SubscriptionService subscriptions;
  private final Caller caller;

  PublicAccountResource(SubscriptionService subscriptions, Caller caller) {
    this.subscriptions = subscriptions;
    this.caller = caller;
  }

  @GET
  @Path("/subscription")
  @RolesAllowed(Roles.API_KEY)
  @Operation(operationId = "getAccountSubscription", summary = "The account's subscription")
  @APIResponse(responseCode = "200", description = "The subscription document")
  @APIResponse(
      responseCode = "404",
      description = "subscription-not-found: no subscription is provisioned for the account",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public SubscriptionView subscription() {
    return subscriptions.view(caller.accountId());
  }

  @GET
  @Path("/system-modules")
  @RolesAllowed(Roles.API_KEY)
  @Operation(
      operationId = "getSystemModules",
      summary = "Which system modules the account has, in Threat Command's shape")
  @APIResponse(
      responseCode = "200",
      description = "One boolean per catalog module code",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      name = "SystemModules",
                      type = SchemaType.OBJECT,
                      description = "Module code → whether the subscription includes it, one entry per catalog module.",
                      additionalProperties = Boolean.class),
              examples =
                  @ExampleObject(
                      name = "modules",
                      value =
                          "{\"Discovery\": true, \"Remediation\": false, \"IOC\": true,"
                              + " \"VirtualAppliance\": false, \"InvestigationPage\": true,"
                              + " \"ThreatLibrary\": true, \"IntelliFind\": false, \"Cve\": false}")))
  @APIResponse(
      responseCode = "404",
      description = "subscription-not-found: no subscription is provisioned for the account",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Map<String, Boolean> systemModules() {
    return subscriptions.systemModules(caller.accountId());
  }
}
