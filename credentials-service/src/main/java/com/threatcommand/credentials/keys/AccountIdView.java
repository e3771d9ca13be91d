package com.threatcommand.credentials.keys;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AccountId")
public record AccountIdView(@Schema(examples = "5f1e2d3c4b5a697887766554") String accountId) {}
