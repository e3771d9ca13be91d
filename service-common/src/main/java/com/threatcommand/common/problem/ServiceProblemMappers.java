package com.threatcommand.common.problem;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a service raised on purpose ({@link ProblemException}), the database constraints a service
 * gives a meaning ({@link ConstraintProblems}), a database outage found deep in a cause chain (503),
 * and everything else: 500, logged, with nothing of the failure in the body.
 */
@Singleton
public class ServiceProblemMappers {
  private static final Logger LOG = Logger.getLogger(ServiceProblemMappers.class);

  private final ProblemWriter writer;
  private final DatabaseProblemMappers database;
  private final Instance<ConstraintProblems> constraints;

  ServiceProblemMappers(
      ProblemWriter writer,
      DatabaseProblemMappers database,
      @Any Instance<ConstraintProblems> constraints) {
    this.writer = writer;
    this.database = database;
    this.constraints = constraints;
  }

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpServerRequest request) {
    return writer.respond(request, e);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpServerRequest request) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof ConstraintViolationException violation) {
        ProblemException known = forConstraint(violation.getConstraintName());
        if (known != null) {
          return writer.respond(request, known);
        }
      }
      if (DatabaseProblemMappers.isDatabaseUnavailable(cause)) {
        return database.databaseUnavailable((Exception) cause, request);
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    LOG.error("Unexpected failure", e);
    return internal(request);
  }

  private ProblemException forConstraint(String name) {
    if (name == null) {
      return null;
    }
    for (ConstraintProblems service : constraints) {
      ProblemException problem = service.forConstraint(name);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  Response internal(HttpServerRequest request) {
    return writer.respond(
        request,
        500,
        "internal-error",
        "Internal error",
        "Something went wrong on our side. Quote the request ID when you contact support.",
        Map.of(),
        null);
  }
}
