package com.threatcommand.subscription.support;

import com.threatcommand.subscription.upgrade.MailAccepted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Makes the relay die at the worst moment: after the SMTP server accepted a given request's email,
 * before the transaction that marks it sent commits. Nothing after that point of the relay runs,
 * and the transaction does not commit: what PostgreSQL sees when the process dies there.
 */
@ApplicationScoped
public class RelayCrash {
  /** The simulated death. */
  public static class Died extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Died() {
      super("relay died after SMTP acceptance (simulated)", null, false, false);
    }
  }

  private volatile UUID armedFor;

  public void armFor(UUID requestId) {
    armedFor = requestId;
  }

  public void disarm() {
    armedFor = null;
  }

  void onAccepted(@Observes MailAccepted accepted) {
    if (accepted.requestId().equals(armedFor)) {
      armedFor = null;
      throw new Died();
    }
  }
}
