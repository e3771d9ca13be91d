package com.threatcommand.gateway.auth;

import java.util.Set;

/** The verified claims of an identity-provider token that the gateway uses. */
public record IdpIdentity(
    String subject,
    String accountId,
    Set<String> groups,
    String email,
    String name,
    long expiresAtMillis) {}
