package com.threatcommand.credentials.keys;

import com.threatcommand.common.http.AccountChange;
import com.threatcommand.common.paging.PageParams;
import com.threatcommand.common.problem.Problem;
import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
import com.threatcommand.credentials.audit.AuditPage;
import com.threatcommand.credentials.audit.AuditService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Keys and account ID, for the account's administrators. {@code kind} is {@code api-key} or
 * {@code appliance-key}; any other value is 404 {@code not-found}. The tenant is always the token's.
 */
@Path("/api/v1/credentials")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Credentials", description = "API key, appliance key and account ID")
public class CredentialsResource {
  private static final String NO_STORE = "no-store";

  private final KeyService keys;
  private final AuditService audit;
  private final Caller caller;

  CredentialsResource(KeyService keys, AuditService audit, Caller caller) {
    this.keys = keys;
    this.audit = audit;
    this.caller = caller;
  }

  @GET
  @Operation(
      operationId = "getCredentials",
      summary = "Status of both keys: hints, creation, last use, a previous key in its grace period")
  @APIResponse(
      responseCode = "200",
      description = "Both kinds; status NONE where there is no active key",
      content = @Content(schema = @Schema(implementation = CredentialsView.class)))
  public CredentialsView status() {
    return keys.status(caller.accountId());
  }

  @POST
  @AccountChange
  @Path("/{kind}")
  @Operation(
      operationId = "generateKey",
      summary = "Generate a key; the full key is in this response only")
  @APIResponse(
      responseCode = "201",
      description = "The new key, shown once",
      headers = @Header(name = "Cache-Control", description = "no-store"),
      content = @Content(schema = @Schema(implementation = CreatedKey.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: kind is neither api-key nor appliance-key",
      content =
          @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "key-already-exists: that kind has an active key (revoke or rotate it)",
      content =
          @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response generate(
      @PathParam("kind") @Parameter(schema = @Schema(enumeration = {"api-key", "appliance-key"}))
          String kind) {
    CreatedKey created = keys.generate(caller.accountId(), kind(kind));
    return Response.status(201).entity(created).header("Cache-Control", NO_STORE).build();
  }

  @DELETE
  @AccountChange(urgent = true)
  @Path("/{kind}")
  @Operation(
      operationId = "revokeKey",
      summary = "Revoke: the active key and a previous one in its grace period stop at once")
  @APIResponse(responseCode = "204", description = "Revoked")
  @APIResponse(
      responseCode = "404",
      description = "no-active-key: nothing to revoke; not-found: unknown kind",
      content =
          @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response revoke(
      @PathParam("kind") @Parameter(schema = @Schema(enumeration = {"api-key", "appliance-key"}))
          String kind) {
    keys.revoke(caller.accountId(), kind(kind));
    return Response.noContent().build();
  }

  @POST
  @AccountChange
  @Path("/{kind}/rotation")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "rotateKey",
      summary = "Rotate: a new key now; the old one keeps working for graceSeconds (0..604800)")
  @APIResponse(
      responseCode = "201",
      description = "The new key, shown once, and the previous key with its expiry",
      headers = @Header(name = "Cache-Control", description = "no-store"),
      content = @Content(schema = @Schema(implementation = CreatedKey.class)))
  @APIResponse(
      responseCode = "404",
      description = "no-active-key: nothing to rotate; not-found: unknown kind",
      content =
          @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public Response rotate(
      @PathParam("kind") @Parameter(schema = @Schema(enumeration = {"api-key", "appliance-key"}))
          String kind,
      @NotNull @Valid RotationRequest body) {
    CreatedKey created = keys.rotate(caller.accountId(), kind(kind), body.graceSeconds());
    return Response.status(201).entity(created).header("Cache-Control", NO_STORE).build();
  }

  @GET
  @Path("/account-id")
  @Operation(
      operationId = "getAccountId",
      summary = "The account ID (never changes, cannot be revoked); each call is audited")
  @APIResponse(
      responseCode = "200",
      description = "The account ID",
      content = @Content(schema = @Schema(implementation = AccountIdView.class)))
  public AccountIdView accountId() {
    return keys.discloseAccountId(caller.accountId());
  }

  @GET
  @Path("/audit-events")
  @Operation(
      operationId = "listCredentialAuditEvents",
      summary = "The audit trail of keys and account-ID disclosures, newest first")
  @APIResponse(
      responseCode = "200",
      description = "A page of events",
      content = @Content(schema = @Schema(implementation = AuditPage.class)))
  public AuditPage auditEvents(
      @BeanParam PageParams page) {
    return audit.list(caller.accountId(), page);
  }

  static KeyKind kind(String slug) {
    return KeyKind.fromSlug(slug)
        .orElseThrow(
            () ->
                ProblemException.notFound(
                    "not-found", "Unknown key kind: use api-key or appliance-key."));
  }
}
