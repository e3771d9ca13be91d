package com.threatcommand.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountLanesTest {
  private final AccountLanes lanes = new AccountLanes(2, 2);

  @Test
  void twoChangesOfAnAccountRunTheNextWaitInOrderAndStartAsLanesFree() {
    AccountLanes.Turn a = lanes.enter("A");
    AccountLanes.Turn b = lanes.enter("A");
    AccountLanes.Turn c = lanes.enter("A");
    AccountLanes.Turn d = lanes.enter("A");
    assertTrue(a.started().isDone());
    assertTrue(b.started().isDone());
    assertFalse(c.started().isDone());
    assertFalse(d.started().isDone());
    assertArrayEquals(new int[] {2, 2}, lanes.load("A"));

    b.leave();
    assertTrue(c.started().isDone(), "the first waiting starts");
    assertFalse(d.started().isDone());
    b.leave(); // a second leave frees nothing more
    assertFalse(d.started().isDone());
    assertArrayEquals(new int[] {2, 1}, lanes.load("A"));
  }

  @Test
  void anotherAccountNeverWaits() {
    lanes.enter("A");
    lanes.enter("A");
    lanes.enter("A");
    assertTrue(lanes.enter("B").started().isDone());
  }

  @Test
  void pastTheQueuesBoundAChangeIsRefused() {
    for (int i = 0; i < 4; i++) {
      lanes.enter("A");
    }
    assertNull(lanes.enter("A"));
  }

  @Test
  void aWaitingChangeGivenUpLeavesTheQueueAndIsNeverStarted() {
    AccountLanes.Turn a = lanes.enter("A");
    lanes.enter("A");
    AccountLanes.Turn c = lanes.enter("A");
    AccountLanes.Turn d = lanes.enter("A");
    c.leave();
    assertTrue(c.started().isCancelled());
    a.leave();
    assertTrue(d.started().isDone() && !d.started().isCompletedExceptionally(), "d, not c, got the lane");
    assertArrayEquals(new int[] {2, 0}, lanes.load("A"));
  }

  @Test
  void anAccountWithNothingRunningOrWaitingIsForgotten() {
    AccountLanes.Turn a = lanes.enter("A");
    AccountLanes.Turn b = lanes.enter("A");
    AccountLanes.Turn c = lanes.enter("A");
    a.leave();
    b.leave();
    c.leave();
    assertArrayEquals(new int[] {0, 0}, lanes.load("A"));
    assertTrue(lanes.enter("A").started().isDone());
  }
}
