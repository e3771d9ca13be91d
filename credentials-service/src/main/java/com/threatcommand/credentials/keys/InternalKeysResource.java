package com.threatcommand.credentials.keys;

import com.threatcommand.common.security.Roles;
import com.threatcommand.credentials.revocation.RevocationEvent;
import com.threatcommand.credentials.revocation.RevocationHub;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For the gateway only (internal token with group {@code gateway}); never exposed at the edge.
 * Marked {@code x-internal} in the OpenAPI document; the gateway drops these paths when merging.
 */
@Path("/internal/v1/keys")
@RolesAllowed(Roles.GATEWAY)
@Tag(name = "Internal (gateway only)", description = "Key verification and the revocation stream")
public class InternalKeysResource {
  private final VerificationService verification;
  private final RevocationHub hub;

  InternalKeysResource(VerificationService verification, RevocationHub hub) {
    this.verification = verification;
    this.hub = hub;
  }

  @POST
  @Path("/verify")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "verifyKey",
      summary = "Is this a live key of this account? Its kind, id and grace expiry if so")
  @APIResponse(
      responseCode = "200",
      description =
          "{\"valid\": true, ...} or {\"valid\": false} (unknown, revoked, expired, other account,"
              + " malformed, bad checksum: indistinguishable)",
      content = @Content(schema = @Schema(implementation = Verification.class)))
  public Verification verify(@NotNull @Valid VerifyRequest body) {
    return verification.verify(body.accountId(), body.key());
  }

  @GET
  @Path("/revocations")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      operationId = "keyRevocations",
      summary =
          "Server-sent events: ready (subscription live), revoked {keyId, accountId, kind, at},"
              + " ping every 10 s")
  @APIResponse(
      responseCode = "200",
      description = "An event stream; it ends when this replica loses its LISTEN connection",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              schema = @Schema(implementation = RevocationEvent.class)))
  public Multi<OutboundSseEvent> revocations(@Context Sse sse) {
    return hub.subscribe(sse);
  }
}
