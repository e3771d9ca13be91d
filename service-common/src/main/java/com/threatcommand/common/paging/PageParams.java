package com.threatcommand.common.paging;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code ?limit=} and {@code ?cursor=} of a list, as a resource method takes them ({@code
 * @BeanParam}) and as the OpenAPI document describes them: once for every list of both services.
 * Both stay text until {@link #parse}, so that a bad value is a 400 {@code validation-failed} that
 * names the parameter.
 */
public class PageParams {
  @QueryParam("limit")
  @Parameter(
      description = "Page size, 1 to 200 (default 50).",
      schema =
          @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
  public String limit;

  @QueryParam("cursor")
  @Parameter(
      description = "The nextCursor of the previous page (opaque).",
      schema = @Schema(type = SchemaType.STRING, maxLength = 64))
  public String cursor;

  /** The page asked for, in the list whose cursors start with {@code list}. */
  public PageRequest parse(String list) {
    return PageRequest.parse(limit, cursor, list);
  }
}
