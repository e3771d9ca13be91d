package com.threatcommand.subscription.documents;

import com.threatcommand.common.security.Caller;
import com.threatcommand.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Downloads section of the page: documents for the account's administrators. */
@Path("/api/v1/subscription/documents")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Documents")
public class DocumentsResource {
  static final String PDF = "application/pdf";
  static final String CACHE_CONTROL = "private, max-age=3600";
  static final String USER_GUIDE_FILE = "threat-command-user-guide.pdf";

  private final UserGuide userGuide;
  private final Caller caller;

  DocumentsResource(UserGuide userGuide, Caller caller) {
    this.userGuide = userGuide;
    this.caller = caller;
  }

  @GET
  @Path("/user-guide")
  @Produces(PDF)
  @Operation(
      operationId = "getUserGuide",
      summary = "The User Guide of the Subscription page, as a PDF",
      description =
          "The same document for every account, generated from the guide's text in the service's"
              + " release. Conditional requests: send the ETag of a copy you have as If-None-Match"
              + " (a list, weak tags and * are understood) to get 304 without a body while it is"
              + " still current.")
  @APIResponse(
      responseCode = "200",
      description = "The User Guide, as an attachment named " + USER_GUIDE_FILE,
      headers = {
        @Header(
            name = "Content-Disposition",
            description = "attachment; filename=\"" + USER_GUIDE_FILE + "\"",
            schema = @Schema(type = SchemaType.STRING)),
        @Header(
            name = "ETag",
            description = "Strong entity tag of this version of the guide.",
            schema = @Schema(type = SchemaType.STRING)),
        @Header(
            name = "Cache-Control",
            description = CACHE_CONTROL,
            schema = @Schema(type = SchemaType.STRING))
      },
      content =
          @Content(
              mediaType = PDF,
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(
      responseCode = "304",
      description = "Not modified: If-None-Match names the current ETag; no body",
      headers = {
        @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
        @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING))
      })
  public Response userGuide(@Context HttpHeaders headers) {
    caller.accountId(); // an administrator's token always names the account
    UserGuide.Rendered guide = userGuide.get();
    if (matchesAny(headers.getRequestHeader(HttpHeaders.IF_NONE_MATCH), guide.etag())) {
      return Response.notModified()
          .header(HttpHeaders.ETAG, guide.etag())
          .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
          .build();
    }
    return Response.ok(guide.pdf(), PDF)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + USER_GUIDE_FILE + "\"")
        .header(HttpHeaders.ETAG, guide.etag())
        .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  /**
   * If-None-Match (RFC 9110, 13.1.2): {@code *} or a list of entity tags, compared weakly (a
   * {@code W/} prefix is ignored).
   */
  static boolean matchesAny(List<String> ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String header : ifNoneMatch) {
      for (String candidate : header.split(",")) {
        String tag = candidate.trim();
        if (tag.startsWith("W/")) {
          tag = tag.substring(2);
        }
        if (tag.equals("*") || tag.equals(etag)) {
          return true;
        }
      }
    }
    return false;
  }
}
