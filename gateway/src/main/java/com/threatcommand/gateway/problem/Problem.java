package com.threatcommand.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem document, as API.md describes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String requestId) {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_BASE = "https://problems.threatcommand.io/";
}
