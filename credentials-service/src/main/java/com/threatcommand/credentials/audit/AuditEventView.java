package com.threatcommand.credentials.audit;

import com.threatcommand.credentials.keys.KeyKind;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AuditEvent", description = "One entry of the account's credentials audit trail.")
public record AuditEventView(
    @Schema(examples = "0b9a8c3e-5d2f-4e61-9a7b-2c1d0e9f8a76") UUID id,
    @Schema(examples = "KEY_GENERATED") AuditEventType type,
    @Schema(examples = "api-key", nullable = true, description = "Null for ACCOUNT_ID_DISCLOSED through GET account-id.")
        KeyKind keyKind,
    @Schema(examples = "7c0e5a7e-2f4b-4f0e-8f55-3d8a3a1f2b10", nullable = true, description = "Null where no key is concerned.")
        UUID keyId,
    @Schema(examples = "tcak_…9f3A", nullable = true, description = "Null where no key is concerned.") String keyHint,
    Actor actor,
    @Schema(examples = "2026-11-27T10:15:30Z") Instant at,
    @Schema(examples = "3f2a6c1e-6a43-4f0b-9a55-0c8f4f6f5e21") String requestId) {

  @Schema(name = "AuditActor")
  public record Actor(
      @Schema(examples = "auth0|5f1e2d3c") String subject,
      @Schema(examples = "jane.doe@example.com", nullable = true, description = "Null when the token carried none.")
          String email) {}

  static AuditEventView of(AuditEvent e) {
    return new AuditEventView(
        e.id,
        e.type,
        e.keyKind,
        e.keyId,
        e.keyHint,
        new Actor(e.actorSubject, e.actorEmail),
        e.at,
        e.requestId);
  }
}
