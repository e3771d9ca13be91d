package com.threatcommand.credentials.revocation;

import com.threatcommand.credentials.keys.KeyKind;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Data of a {@code revoked} event on the revocation stream (and the NOTIFY payload). */
@Schema(name = "RevocationEvent")
public record RevocationEvent(UUID keyId, String accountId, KeyKind kind, Instant at) {}
