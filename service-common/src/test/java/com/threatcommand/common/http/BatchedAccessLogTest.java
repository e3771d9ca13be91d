package com.threatcommand.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.accesslog.BatchedConsole;
import java.time.Duration;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

/** Production batches the services' access log; dev and test leave the log configuration alone. */
class BatchedAccessLogTest {

  @Test
  void anIntervalMakesTheBatchedHandlerTheCategorysOnlyHandler() {
    String category = "test.access-log.batched";
    BatchedAccessLog log = new BatchedAccessLog(Duration.ofMillis(100), 1000, category, "%s%n");
    try {
      Logger logger = LogContext.getLogContext().getLogger(category);
      assertTrue(log.batched());
      assertEquals(1, logger.getHandlers().length);
      assertInstanceOf(BatchedConsole.class, logger.getHandlers()[0]);
      assertFalse(logger.getUseParentHandlers(), "a line would also reach the root's console");
    } finally {
      log.stop(null);
    }
  }

  @Test
  void noIntervalLeavesTheCategoryToTheLogConfiguration() {
    String category = "test.access-log.plain";
    BatchedAccessLog log = new BatchedAccessLog(Duration.ZERO, 1000, category, "%s%n");
    Logger logger = LogContext.getLogContext().getLogger(category);
    assertFalse(log.batched());
    assertEquals(0, logger.getHandlers().length);
    assertTrue(logger.getUseParentHandlers());
    log.stop(null);
  }
}
