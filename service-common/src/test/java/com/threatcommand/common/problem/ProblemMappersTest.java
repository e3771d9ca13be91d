package com.threatcommand.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatcommand.common.http.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/** The mappers of each family, called as RESTEasy Reactive calls them, without an application. */
class ProblemMappersTest {
  private static final String PATH = "/api/v1/things";
  private static final String REQUEST_ID = "req-42";

  private final ProblemWriter writer = new ProblemWriter(new ObjectMapper());
  private final DatabaseProblemMappers database = new DatabaseProblemMappers(writer);
  private final ConstraintProblems oneActive =
      name ->
          "thing_one_active".equals(name)
              ? ProblemException.conflict("thing-exists", "Thing exists", "Only one, please.")
              : null;
  private final ServiceProblemMappers service =
      new ServiceProblemMappers(writer, database, instanceOf(oneActive));
  private final InputProblemMappers input = new InputProblemMappers(writer);
  private final HttpProblemMappers http = new HttpProblemMappers(writer, input, service);
  private final HttpServerRequest request = request();

  private static Problem problem(Response response) {
    assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
    Problem problem = (Problem) response.getEntity();
    assertEquals(response.getStatus(), problem.status());
    assertEquals(PATH, problem.instance());
    assertEquals(REQUEST_ID, problem.requestId());
    return problem;
  }

  @Test
  void authenticationFailuresChallengeForABearerToken() {
    Response response =
        new AuthProblemMappers(writer).authenticationFailed(new AuthenticationFailedException(), request);
    assertEquals(401, response.getStatus());
    assertEquals("Bearer", response.getHeaderString("WWW-Authenticate"));
    assertEquals(Problem.TYPE_BASE + "unauthenticated", problem(response).type());
  }

  @Test
  void aServicesOwnProblemIsAnsweredAsRaised() {
    Problem problem =
        problem(
            service.problem(
                ProblemException.validation(
                    List.of(
                        new Problem.FieldError("amount", "must be positive"),
                        new Problem.FieldError("purpose", "must not be null"))),
                request));
    assertEquals(400, problem.status());
    assertEquals("amount: must be positive; purpose: must not be null", problem.detail());
    assertEquals(2, problem.errors().size());
  }

  @Test
  void aConstraintTheServiceNamesIsItsProblemAnyOtherIsAnInternalError() {
    var named =
        new ConstraintViolationException("duplicate", new SQLException("23505"), "thing_one_active");
    Problem known = problem(service.unexpected(new RuntimeException(named), request));
    assertEquals(409, known.status());
    assertEquals(Problem.TYPE_BASE + "thing-exists", known.type());

    var other = new ConstraintViolationException("duplicate", new SQLException("23505"), "other");
    Problem unknown = problem(service.unexpected(new RuntimeException(other), request));
    assertEquals(500, unknown.status());
    assertEquals(Problem.TYPE_BASE + "internal-error", unknown.type());
    assertFalse(unknown.detail().contains("duplicate"));
  }

  @Test
  void aDatabaseOutageAnywhereInTheCauseChainIs503WithRetryAfter() {
    Response response =
        service.unexpected(
            new IllegalStateException(new SQLException("terminating connection", "57P01")), request);
    assertEquals(503, response.getStatus());
    assertEquals("5", response.getHeaderString("Retry-After"));
    assertEquals(Problem.TYPE_BASE + "upstream-unavailable", problem(response).type());
  }

  @Test
  void aLockWaitCutShortByLockTimeoutIs503WithAShortRetryAfter() {
    // As Hibernate reports it: a LockTimeoutException around PostgreSQL's lock_not_available.
    Response response =
        service.unexpected(
            new IllegalStateException(
                new SQLException("ERROR: canceling statement due to lock timeout", "55P03")),
            request);
    assertEquals(503, response.getStatus());
    assertEquals("1", response.getHeaderString("Retry-After"));
    Problem problem = problem(response);
    assertEquals(Problem.TYPE_BASE + "upstream-unavailable", problem.type());
    assertFalse(problem.detail().contains("lock timeout"), problem.detail());
    assertTrue(problem.detail().contains("Nothing was changed"), problem.detail());
  }

  @Test
  void aCommitThatFailsBecauseTheDatabaseWentAwayIs503NotAnInternalError() {
    // As Narayana reports it: the SQL state sits in an XAException suppressed by the rollback.
    var rollback = new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.");
    var xa = new javax.transaction.xa.XAException("Error trying to transactionCommit local transaction");
    xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
    rollback.addSuppressed(xa);
    Response response = service.unexpected(new IllegalStateException(rollback), request);
    assertEquals(503, response.getStatus());
    assertEquals("5", response.getHeaderString("Retry-After"));
    assertEquals(Problem.TYPE_BASE + "upstream-unavailable", problem(response).type());
  }

  @Test
  void aCallerThatClosedTheConnectionIsNotAnInternalError() {
    Response response =
        service.unexpected(
            new java.io.IOException(new java.io.IOException(new io.vertx.core.http.HttpClosedException("Connection was closed"))),
            request);
    assertEquals(499, response.getStatus());
    assertNull(response.getEntity());
    assertEquals(
        499,
        service.unexpected(new java.io.IOException(new java.nio.channels.ClosedChannelException()), request).getStatus());
    // anything else stays a 500
    assertEquals(500, service.unexpected(new java.io.IOException("disk full"), request).getStatus());
  }

  @Test
  void whateverFailsOnceTheCallerHasHungUpIsNotAnInternalError() {
    // A rotation committed, then the caller went away before its answer was written: writing it
    // fails as Vert.x reports it. Nobody to answer, and no failure of the service's.
    var written = new IllegalStateException("Response has already been written");
    Response response = service.unexpected(written, request(true));
    assertEquals(499, response.getStatus());
    assertNull(response.getEntity());
    // while the caller is there, the same failure is ours: 500
    assertEquals(500, service.unexpected(written, request).getStatus());
  }

  @Test
  void whatCountsAsTheDatabaseBeingUnavailable() {
    assertTrue(DatabaseProblemMappers.isDatabaseUnavailable(new SQLException("x", "08006")));
    assertTrue(DatabaseProblemMappers.isDatabaseUnavailable(new SQLException("x", "57P01")));
    assertTrue(DatabaseProblemMappers.isDatabaseUnavailable(new SQLException("x", "53300")));
    assertTrue(DatabaseProblemMappers.isDatabaseUnavailable(new SQLTransientConnectionException()));
    assertTrue(
        DatabaseProblemMappers.isDatabaseUnavailable(
            new JDBCConnectionException("down", new SQLException())));
    assertTrue(
        DatabaseProblemMappers.isDatabaseUnavailable(
            new JDBCException("Unable to acquire JDBC Connection", new SQLException())));
    assertFalse(DatabaseProblemMappers.isDatabaseUnavailable(new SQLException("x", "23505")));
    assertFalse(DatabaseProblemMappers.isDatabaseUnavailable(new SQLException("x", "55P03")));
    assertTrue(DatabaseProblemMappers.isLockNotAvailable(new SQLException("x", "55P03")));
    assertFalse(DatabaseProblemMappers.isLockNotAvailable(new SQLException("x", "57P01")));
    assertFalse(DatabaseProblemMappers.isDatabaseUnavailable(new SQLException("no state")));
    assertFalse(DatabaseProblemMappers.isDatabaseUnavailable(new IllegalStateException()));
  }

  @Test
  void aWrappedJsonFailureIsAnsweredAsIfItHadArrivedDirectly() {
    var wrapped = new WebApplicationException(new JsonParseException(null, "bad"), 400);
    Problem problem = problem(http.webApplication(wrapped, request));
    assertEquals(Problem.TYPE_BASE + "malformed-json", problem.type());
    assertNull(problem.errors());
  }

  @Test
  void otherWebApplicationFailuresAreAnsweredByTheirStatus() {
    assertEquals(
        Problem.TYPE_BASE + "payload-too-large",
        problem(http.webApplication(new WebApplicationException(413), request)).type());
    assertEquals(
        Problem.TYPE_BASE + "bad-request",
        problem(http.webApplication(new WebApplicationException(409), request)).type());
    Response unauthorized = http.webApplication(new WebApplicationException(401), request);
    assertEquals("Bearer", unauthorized.getHeaderString("WWW-Authenticate"));
    Problem failed = problem(http.webApplication(new WebApplicationException(502), request));
    assertEquals(500, failed.status());
    assertEquals(Problem.TYPE_BASE + "internal-error", failed.type());
  }

  @SuppressWarnings("unchecked")
  private static Instance<ConstraintProblems> instanceOf(ConstraintProblems... beans) {
    return (Instance<ConstraintProblems>)
        Proxy.newProxyInstance(
            Instance.class.getClassLoader(),
            new Class<?>[] {Instance.class},
            (proxy, method, args) -> {
              if (method.getName().equals("iterator")) {
                return List.of(beans).iterator();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static HttpServerRequest request() {
    return request(false);
  }

  /** A request whose caller is there, or has closed the connection ({@code callerGone}). */
  private static HttpServerRequest request(boolean callerGone) {
    HttpServerResponse response =
        (HttpServerResponse)
            Proxy.newProxyInstance(
                HttpServerResponse.class.getClassLoader(),
                new Class<?>[] {HttpServerResponse.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "closed" -> callerGone;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (HttpServerRequest)
        Proxy.newProxyInstance(
            HttpServerRequest.class.getClassLoader(),
            new Class<?>[] {HttpServerRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "path" -> PATH;
                  case "method" -> HttpMethod.POST;
                  case "getHeader" -> RequestIds.HEADER.equals(args[0]) ? REQUEST_ID : null;
                  case "response" -> response;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
