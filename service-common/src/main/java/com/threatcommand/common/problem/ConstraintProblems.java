package com.threatcommand.common.problem;

/**
 * A service's meaning for one of its database constraints, for when two writers race past the
 * check in code and the database refuses the second (e.g. one active key per kind: 409). Beans of
 * this type are asked in turn; none answering means a violated constraint is a bug (500).
 */
public interface ConstraintProblems {
  /** The problem to answer when the named constraint is violated, or null if it is not this one's. */
  ProblemException forConstraint(String constraintName);
}
