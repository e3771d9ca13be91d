package com.threatcommand.common.problem;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What a service raised on purpose ({@link ProblemException}), the database constraints a service
 * gives a meaning ({@link ConstraintProblems}), a database outage or a lock wait cut short by
 * {@code lock_timeout} found deep in a cause chain or among what was suppressed on the way (503), a caller that closed the connection (nothing to
 * answer, whatever the failure it caused), and everything else: 500, logged, with nothing of the
 * failure in the body.
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
    // The causes and what was suppressed on the way: a commit that fails because PostgreSQL went
    // away is a RollbackException whose XAException (suppressed) holds the SQL state.
    Deque<Throwable> pending = new ArrayDeque<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    pending.add(e);
    while (!pending.isEmpty() && seen.size() < 64) {
      Throwable cause = pending.poll();
      if (!seen.add(cause)) {
        continue;
      }
      if (cause instanceof ConstraintViolationException violation) {
        ProblemException known = forConstraint(violation.getConstraintName());
        if (known != null) {
          return writer.respond(request, known);
        }
      }
      if (DatabaseProblemMappers.isLockNotAvailable(cause)) {
        return database.lockNotAvailable((Exception) cause, request);
      }
      if (DatabaseProblemMappers.isDatabaseUnavailable(cause)) {
        return database.databaseUnavailable((Exception) cause, request);
      }
      if (cause instanceof HttpClosedException || cause instanceof ClosedChannelException) {
        // The caller (the gateway, which gave up or was told to) closed the connection while the
        // body was still being read: nobody to answer, and no failure of ours.
        LOG.debugf("The caller closed the connection: %s", cause);
        return Response.status(CALLER_CLOSED).build();
      }
      if (cause.getCause() != null) {
        pending.add(cause.getCause());
      }
      pending.addAll(List.of(cause.getSuppressed()));
    }
    if (request.response().closed()) {
      // The caller hung up before the answer was written, and writing it failed for that
      // ("Response has already been written"): nobody to answer, and no failure of ours.
      LOG.debugf("The caller went away before the answer: %s", e);
      return Response.status(CALLER_CLOSED).build();
    }
    LOG.error("Unexpected failure", e);
    return internal(request);
  }

  /** What the access log shows for a caller that went away (nginx's convention); never sent. */
  static final int CALLER_CLOSED = 499;

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
