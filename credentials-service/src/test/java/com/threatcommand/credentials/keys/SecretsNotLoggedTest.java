package com.threatcommand.credentials.keys;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.credentials.support.Accounts;
import com.threatcommand.credentials.support.Keys;
import com.threatcommand.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

/** Keys never reach a log line: every record logged while keys are made and used is searched. */
@QuarkusTest
class SecretsNotLoggedTest {

  /** Collects every formatted log record of the application, at every level. */
  static final class Capture extends Handler implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    // the application's own loggers at every level, debug and trace included, while capturing
    private final Logger application = Logger.getLogger("com.threatcommand");
    private final Level previous = application.getLevel();

    Capture() {
      setLevel(Level.ALL);
      application.setLevel(Level.ALL);
      root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      String message =
          record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
      StringBuilder line = new StringBuilder(record.getLoggerName() + " " + message);
      if (record.getParameters() != null) {
        for (Object p : record.getParameters()) {
          line.append(' ').append(p);
        }
      }
      for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
        line.append(' ').append(t);
      }
      lines.add(line.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      root.removeHandler(this);
      application.setLevel(previous);
    }

    boolean mentions(String text) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }
  }

  @Test
  void generatedRotatedAndVerifiedKeysNeverAppearInTheLog() {
    String accountId = Accounts.newId();
    try (Capture log = new Capture()) {
      String requestId = "log-" + accountId;
      var created = given().auth().oauth2(Tokens.admin(accountId)).header("X-Request-Id", requestId)
          .post("/api/v1/credentials/api-key").then().statusCode(201).extract().jsonPath();
      String key = created.getString("key");
      String rotated = Keys.rotate(accountId, "api-key", 60).getString("key");
      Keys.verify(accountId, key);
      Keys.verify(accountId, rotated);
      Keys.verify(accountId, rotated.substring(0, 53) + "!"); // a malformed one too
      Keys.revoke(accountId, "api-key");

      // the log did capture these requests (access log with the request ID, the service's own lines)
      await().atMost(Duration.ofSeconds(5)).until(() -> log.mentions("/api/v1/credentials/api-key"));
      assertTrue(log.mentions(created.getString("hint")), "the service logs hints");
      assertTrue(log.mentions(accountId));

      for (String secret : List.of(key, rotated, key.substring(5, 48), rotated.substring(5, 48))) {
        assertFalse(log.mentions(secret), "a key reached the log");
      }
    }
  }
}
