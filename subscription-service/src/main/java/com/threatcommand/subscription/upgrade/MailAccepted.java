package com.threatcommand.subscription.upgrade;

import java.util.UUID;

/**
 * Fired synchronously by {@link OutboxRelay} right after the SMTP server accepted the email for an
 * upgrade request and before the transaction that marks it SENT commits: the one moment at which a
 * crash causes a second copy. Observers may count or audit; the tests use it to make the relay die
 * exactly there.
 */
public record MailAccepted(UUID requestId, String messageId) {}
