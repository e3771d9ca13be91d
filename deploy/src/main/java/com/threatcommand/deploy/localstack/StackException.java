package com.threatcommand.deploy.localstack;

/** A reason not to start (or go on), said to the user without a stack trace, with an exit code. */
final class StackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** 1: something failed; 2: wrong configuration or usage; 3: a port or the stack directory is taken. */
  final int exitCode;

  StackException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  StackException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }
}
