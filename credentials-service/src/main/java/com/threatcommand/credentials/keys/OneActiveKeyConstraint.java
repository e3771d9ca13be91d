package com.threatcommand.credentials.keys;

import com.threatcommand.common.problem.ConstraintProblems;
import com.threatcommand.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The database's own guarantee of one active key per kind ({@code credential_key_one_active}),
 * should two writers race past the check in {@link KeyService}: the second gets 409 as well.
 */
@ApplicationScoped
class OneActiveKeyConstraint implements ConstraintProblems {
  static final String NAME = "credential_key_one_active";

  @Override
  public ProblemException forConstraint(String constraintName) {
    return NAME.equals(constraintName)
        ? ProblemException.conflict(
            "key-already-exists",
            "Key already exists",
            "This account already has an active key of this kind. Revoke or rotate it first.")
        : null;
  }
}
