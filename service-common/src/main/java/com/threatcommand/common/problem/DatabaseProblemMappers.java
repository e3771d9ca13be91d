package com.threatcommand.common.problem;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.hibernate.JDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 503 with {@code Retry-After} while the database cannot be reached, or while a row the request
 * must change stays locked past the services' {@code lock_timeout}; the caller retries.
 */
@Singleton
public class DatabaseProblemMappers {
  private static final Logger LOG = Logger.getLogger(DatabaseProblemMappers.class);

  private final ProblemWriter writer;

  DatabaseProblemMappers(ProblemWriter writer) {
    this.writer = writer;
  }

  @ServerExceptionMapper
  public Response databaseDown(JDBCConnectionException e, HttpServerRequest request) {
    return databaseUnavailable(e, request);
  }

  @ServerExceptionMapper
  public Response databaseDown(SQLTransientConnectionException e, HttpServerRequest request) {
    return databaseUnavailable(e, request);
  }

  Response databaseUnavailable(Exception e, HttpServerRequest request) {
    LOG.warnf("Database unavailable: %s", e.getMessage());
    return unavailable(request, "The service cannot reach its database. Try again shortly.", "5");
  }

  /**
   * A row (or advisory lock) the request needed stayed locked by another transaction past
   * {@code lock_timeout} (application.properties): nothing changed, and the same request, with
   * the same Idempotency-Key, can be sent again at once. Not an outage, so logged without alarm.
   */
  Response lockNotAvailable(Exception e, HttpServerRequest request) {
    LOG.infof("Lock wait over lock_timeout: %s", e.getMessage());
    return unavailable(
        request,
        "Another change to the same account is taking longer than usual. Nothing was changed;"
            + " try again shortly.",
        "1");
  }

  private Response unavailable(HttpServerRequest request, String detail, String retryAfter) {
    return writer.respond(
        request,
        503,
        "upstream-unavailable",
        "Service unavailable",
        detail,
        Map.of("Retry-After", retryAfter),
        null);
  }

  /** PostgreSQL's lock_not_available (55P03): a lock wait cut short by {@code lock_timeout}. */
  static boolean isLockNotAvailable(Throwable t) {
    return t instanceof SQLException sql && "55P03".equals(sql.getSQLState());
  }

  /**
   * Whether a failure means "the database cannot be reached" (503, retry) rather than a bug (500):
   * connection exceptions, no connection to be had from the pool, and PostgreSQL's connection
   * (08), operator-intervention (57P: shutdown, terminated backend) and resource (53) classes.
   */
  static boolean isDatabaseUnavailable(Throwable t) {
    if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
      return true;
    }
    if (t instanceof SQLException sql && sql.getSQLState() != null) {
      String state = sql.getSQLState();
      return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }
    return t instanceof JDBCException jdbc
        && jdbc.getMessage() != null
        && jdbc.getMessage().startsWith("Unable to acquire JDBC Connection");
  }
}
