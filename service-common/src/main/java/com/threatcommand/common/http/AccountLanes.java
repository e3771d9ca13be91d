package com.threatcommand.common.http;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * At most {@code lanes} changes of one account in progress at once in this process; the others wait
 * their turn in order, holding no thread. Changes of one account serialise on its row (or advisory
 * lock) in PostgreSQL anyway, so more of them at once only hold more worker threads and
 * connections while they wait there; when that row stays locked (an operator's transaction, a stuck
 * one), they would hold every worker and connection, and every other account would wait with them.
 *
 * <p>{@link #enter} answers a turn that completes when the change may start (at once when a lane is
 * free), or {@code null} when {@code maxQueued} changes of the account already wait. Every entered
 * turn is left with {@link Turn#leave} exactly once (more calls do nothing), also when it was given
 * up before it started, so that the next one starts.
 */
public final class AccountLanes {
  private final int lanes;
  private final int maxQueued;
  private final Map<String, Lane> byAccount = new HashMap<>();

  public AccountLanes(int lanes, int maxQueued) {
    if (lanes < 1 || maxQueued < 0) {
      throw new IllegalArgumentException("lanes >= 1 and maxQueued >= 0");
    }
    this.lanes = lanes;
    this.maxQueued = maxQueued;
  }

  private static final class Lane {
    int running;
    final ArrayDeque<Turn> waiting = new ArrayDeque<>();
  }

  /** One change's place: {@link #started()} completes when it may run. */
  public final class Turn {
    private final String account;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private boolean admitted; // guarded by AccountLanes.this: given a lane (started completes after)
    private boolean left; // guarded by AccountLanes.this

    private Turn(String account) {
      this.account = account;
    }

    public CompletableFuture<Void> started() {
      return started;
    }

    /** Done, failed or given up (before or after it started); the next waiting turn starts. */
    public void leave() {
      Turn next = null;
      synchronized (AccountLanes.this) {
        if (left) {
          return;
        }
        left = true;
        Lane lane = byAccount.get(account);
        if (!admitted) {
          lane.waiting.remove(this);
        } else {
          lane.running--;
          next = lane.waiting.poll();
          if (next != null) {
            next.admitted = true;
            lane.running++;
          }
        }
        if (lane.running == 0 && lane.waiting.isEmpty()) {
          byAccount.remove(account);
        }
      }
      if (next != null) {
        next.started.complete(null);
      }
      // Given up before it was admitted: whoever waits on it hears so (a no-op when it started).
      started.cancel(false);
    }
  }

  /** A turn for a change of {@code account}, or null when too many already wait. */
  public Turn enter(String account) {
    Turn turn = new Turn(account);
    synchronized (this) {
      Lane lane = byAccount.computeIfAbsent(account, a -> new Lane());
      if (lane.running < lanes) {
        lane.running++;
        turn.admitted = true;
        turn.started.complete(null);
        return turn;
      }
      if (lane.waiting.size() >= maxQueued) {
        return null;
      }
      lane.waiting.add(turn);
      return turn;
    }
  }

  /** Changes of {@code account} running and waiting: for tests and diagnostics. */
  public synchronized int[] load(String account) {
    Lane lane = byAccount.get(account);
    return lane == null ? new int[] {0, 0} : new int[] {lane.running, lane.waiting.size()};
  }
}
