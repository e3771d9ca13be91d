package com.threatcommand.subscription.upgrade;

import com.threatcommand.common.http.AccountChange;
import com.threatcommand.common.paging.PageParams;
import com.threatcommand.common.problem.ProblemException;
import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "Get More": administrators ask Sales for modules, credits, assets or remediations. */
@Path("/api/v1/subscription/upgrade-requests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Upgrade requests")
public class UpgradeRequestResource {
  static final String PATH = "/api/v1/subscription/upgrade-requests";
  private static final Pattern UUID_TEXT =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final UpgradeRequestService requests;
  private final Idempotency idempotency;
  private final Caller caller;

  UpgradeRequestResource(
      UpgradeRequestService requests, Idempotency idempotency, Caller caller) {
    this.requests = requests;
    this.idempotency = idempotency;
    this.caller = caller;
  }

  @POST
  @AccountChange
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createUpgradeRequest",
      summary = "Ask Sales for more",
      description =
          "Stores the request and, in the same transaction, the email to Sales that it owes; a"
              + " relay sends it (status PENDING, then SENT, or FAILED after at least 24 hours of"
              + " retries). Delivery is at least once; every copy carries the same Message-ID."
              + " At most 20 requests per account per rolling hour. Optional Idempotency-Key, with"
              + " the same semantics as debits.")
  @APIResponse(
      responseCode = "202",
      description = "Accepted; the email to Sales is on its way",
      headers =
          @Header(
              name = IdempotencyKeys.REPLAYED_HEADER,
              description =
                  "Present (true) when this is the stored response of an earlier request with the"
                      + " same key.",
              schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
      content = @Content(schema = @Schema(implementation = UpgradeViews.View.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "validation-failed or malformed-json: e.g. an unknown, duplicate or already included"
              + " module, a quantity out of 1..1000000, a message over 2000 characters")
  @APIResponse(
      responseCode = "404",
      description = "subscription-not-found: no subscription is provisioned for the account")
  @APIResponse(
      responseCode = "409",
      description = "idempotency-in-progress: a request with this key is still in flight")
  @APIResponse(
      responseCode = "422",
      description = "idempotency-key-reused: the key was already used with a different request")
  @APIResponse(
      responseCode = "429",
      description = "rate-limited: 20 requests in the last hour; Retry-After says when to retry",
      headers =
          @Header(
              name = "Retry-After",
              description = "Seconds until another request is accepted.",
              schema = @Schema(type = SchemaType.INTEGER)))
  public Response create(
      @HeaderParam(IdempotencyKeys.HEADER)
          @Parameter(
              name = IdempotencyKeys.HEADER,
              in = ParameterIn.HEADER,
              description =
                  "Optional. 1 to 255 printable ASCII characters; a retry with the same key is"
                      + " never stored (nor emailed) twice.",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      minLength = 1,
                      maxLength = 255,
                      pattern = IdempotencyKeys.PATTERN))
          String key,
      @NotNull @Valid UpgradeViews.Body body) {
    String accountId = caller.accountId();
    UpgradeRequestService.Requester requester =
        new UpgradeRequestService.Requester(
            clip(caller.subject(), 255), clip(caller.email(), 320), clip(caller.name(), 255));
    return idempotency.execute(
        accountId,
        IdempotencyKeys.optional(key),
        "POST " + PATH,
        body,
        () -> new Idempotency.Outcome(202, requests.create(accountId, body, requester)));
  }

  @GET
  @Operation(
      operationId = "listUpgradeRequests",
      summary = "The account's upgrade requests, newest first",
      description = "Cursor paging: pass nextCursor as ?cursor= until it is null.")
  @APIResponse(
      responseCode = "200",
      description = "A page of upgrade requests",
      content = @Content(schema = @Schema(implementation = UpgradeViews.Page.class)))
  @APIResponse(
      responseCode = "400",
      description = "validation-failed: limit is not 1..200, or cursor is not one of this list")
  public UpgradeViews.Page list(
      @BeanParam PageParams page) {
    String accountId = caller.accountId();
    return requests.list(
        accountId, page.parse(UpgradeRequestService.CURSOR_LIST));
  }

  @GET
  @Path("/{id}")
  @Operation(
      operationId = "getUpgradeRequest",
      summary = "One upgrade request, e.g. to see whether Sales' email was sent")
  @APIResponse(
      responseCode = "200",
      description = "The upgrade request",
      content = @Content(schema = @Schema(implementation = UpgradeViews.View.class)))
  @APIResponse(responseCode = "400", description = "validation-failed: id is not a UUID")
  @APIResponse(
      responseCode = "404",
      description = "not-found: the account has no upgrade request with this id")
  public UpgradeViews.View get(
      @PathParam("id")
          @Parameter(
              description = "The request's id.",
              schema = @Schema(type = SchemaType.STRING, format = "uuid"))
          String id) {
    String accountId = caller.accountId();
    if (!UUID_TEXT.matcher(id).matches()) {
      throw ProblemException.validation("id", "must be a UUID");
    }
    return requests.get(accountId, UUID.fromString(id));
  }

  private static String clip(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
