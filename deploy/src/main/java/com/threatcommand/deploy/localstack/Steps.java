package com.threatcommand.deploy.localstack;

import java.util.concurrent.Callable;

/**
 * The lock that every part of the stack is created under and that the stop takes first: a signal
 * that arrives while PostgreSQL is starting waits for it to be up, then stops it, instead of
 * leaving a server behind that nobody knows of. After the stop began, no step runs.
 */
final class Steps {
  /** Thrown in the main thread when a signal stopped the run while it was starting. */
  static final class Stopping extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopping() {
      super("stopping", null, false, false);
    }
  }

  private final Object lock = new Object();
  private boolean stopping;

  <T> T step(Callable<T> action) throws Exception {
    synchronized (lock) {
      checkNotStopping();
      return action.call();
    }
  }

  void checkNotStopping() {
    synchronized (lock) {
      if (stopping) {
        throw new Stopping();
      }
    }
  }

  boolean isStopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  /** True for the one caller that begins the stop; false if it had begun already. */
  boolean beginStop() {
    synchronized (lock) {
      if (stopping) {
        return false;
      }
      stopping = true;
      return true;
    }
  }
}
