package com.threatcommand.common.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.ws.rs.NameBinding;

/**
 * Marks an operation that changes an account under a lock in PostgreSQL (its subscription row, or
 * a per-account advisory lock): it waits its turn in {@link AccountChangeTurns} before it takes a
 * worker thread and a connection.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AccountChange {
  /**
   * Takes turns only with the account's other urgent changes, in a lane of its own: revocation,
   * which must take effect at once, never waits behind the account's other changes.
   */
  boolean urgent() default false;
}
