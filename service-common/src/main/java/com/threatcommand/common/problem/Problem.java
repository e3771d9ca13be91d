package com.threatcommand.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem document, as API.md describes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json).")
public record Problem(
    @Schema(examples = "https://problems.threatcommand.io/validation-failed") String type,
    @Schema(examples = "Request validation failed") String title,
    @Schema(examples = "400") int status,
    @Schema(examples = "amount: must be less than or equal to 1000000") String detail,
    @Schema(examples = "/api/v1/subscription/credits/debits") String instance,
    @Schema(examples = "3f2a6c1e-6a43-4f0b-9a55-0c8f4f6f5e21") String requestId,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://problems.threatcommand.io/";

  @Schema(name = "FieldError")
  public record FieldError(
      @Schema(examples = "amount") String field, @Schema(examples = "must be greater than or equal to 1") String message) {}
}
