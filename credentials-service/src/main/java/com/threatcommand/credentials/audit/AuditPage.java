package com.threatcommand.credentials.audit;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AuditEventPage", description = "A page of audit events, newest first.")
public record AuditPage(
    List<AuditEventView> items,
    @Schema(
            description = "Opaque; pass as ?cursor= for the next page. Null on the last page.",
            examples = "MTIz")
        String nextCursor) {}
