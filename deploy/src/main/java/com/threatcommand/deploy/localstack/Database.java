package com.threatcommand.deploy.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL of a run, with one database per service: an embedded server (zonky's PostgreSQL
 * 17 binaries, data in the run's work directory, stopped and deleted at the end) with a role per
 * service, or an external server ({@code STACK_POSTGRES_URL}) where the databases are created if
 * missing and left in place.
 */
final class Database implements AutoCloseable {
  static final List<String> DATABASES = List.of("subscription", "credentials");

  /** What a service is given: {@code QUARKUS_DATASOURCE_JDBC_URL}, {@code _USERNAME}, {@code _PASSWORD}. */
  record Login(String jdbcUrl, Optional<String> username, Optional<String> password) {}

  final String description;
  final Login subscription;
  final Login credentials;
  private final EmbeddedPostgres embedded;
  private final Path dataDirectory;

  private Database(String description, Login subscription, Login credentials, EmbeddedPostgres embedded, Path data) {
    this.description = description;
    this.subscription = subscription;
    this.credentials = credentials;
    this.embedded = embedded;
    this.dataDirectory = data;
  }

  static Database embedded(Path dataDirectory, int port, Path log) {
    EmbeddedPostgres postgres;
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(true)
              // Stopped by the launcher after the applications, not in a hook of its own.
              .setRegisterShutdownHook(false)
              .setPort(port)
              // TCP on localhost only: no Unix socket file left in /tmp.
              .setServerConfig("unix_socket_directories", "")
              .setPGStartupWait(Duration.ofSeconds(60))
              .setOutputRedirector(Redirect.appendTo(log.toFile()))
              .setErrorRedirector(Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException | RuntimeException e) {
      // pg_ctl may have failed (or been interrupted by Ctrl-C) after the server itself started.
      postmaster(dataDirectory).ifPresent(Database::stopProcess);
      throw new StackException(1, "The embedded PostgreSQL did not start (" + e.getMessage() + "); see " + log, e);
    }
    Database database;
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      List<Login> logins = new ArrayList<>();
      for (String name : DATABASES) {
        String password = HexFormat.of().formatHex(random(24));
        statement.execute("create role " + name + " login password '" + password + "'");
        statement.execute("create database " + name + " owner " + name);
        logins.add(
            new Login(
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name,
                Optional.of(name),
                Optional.of(password)));
      }
      database =
          new Database(
              "embedded PostgreSQL 17 on localhost:" + postgres.getPort() + ", databases "
                  + String.join(" and ", DATABASES) + " (user postgres, no password; data deleted at stop)",
              logins.get(0),
              logins.get(1),
              postgres,
              dataDirectory);
    } catch (SQLException e) {
      close(postgres, dataDirectory);
      throw new StackException(1, "Could not create the databases in the embedded PostgreSQL: " + e.getMessage(), e);
    }
    return database;
  }

  /** {@code jdbc:postgresql://host[:port][/db][?user=...&password=...&...]}: the server to use. */
  static Database external(String url) {
    Url parsed = Url.parse(url);
    Properties login = new Properties();
    parsed.user.ifPresent(user -> login.setProperty("user", user));
    parsed.password.ifPresent(password -> login.setProperty("password", password));
    try (Connection connection = DriverManager.getConnection(parsed.admin(), login);
        PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
        Statement statement = connection.createStatement()) {
      for (String name : DATABASES) {
        exists.setString(1, name);
        try (ResultSet row = exists.executeQuery()) {
          if (!row.next()) {
            try {
              statement.execute("create database " + name);
            } catch (SQLException e) {
              throw new StackException(
                  1,
                  "Could not create the database " + name + " on " + parsed.safe() + " (" + e.getMessage()
                      + "). Create it yourself (CREATE DATABASE " + name + ";) or use a user with CREATEDB.",
                  e);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new StackException(
          1, "Cannot use the PostgreSQL of STACK_POSTGRES_URL (" + parsed.safe() + "): " + e.getMessage(), e);
    }
    return new Database(
        "external PostgreSQL " + parsed.safe() + ", databases " + String.join(" and ", DATABASES)
            + " (created if missing, kept at stop)",
        parsed.service("subscription"),
        parsed.service("credentials"),
        null,
        null);
  }

  boolean embedded() {
    return embedded != null;
  }

  /** The postmaster's process ID while the embedded server runs; empty for an external server. */
  Optional<Long> postmasterPid() {
    return dataDirectory == null ? Optional.empty() : postmaster(dataDirectory).map(ProcessHandle::pid);
  }

  private static Optional<ProcessHandle> postmaster(Path dataDirectory) {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
      return lines.isEmpty()
          ? Optional.empty()
          : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
      close(embedded, dataDirectory);
      // pg_ctl stop waits 5 s at most; a server still running then is stopped for good.
      postmaster.filter(ProcessHandle::isAlive).ifPresent(Database::kill);
    }
  }

  private static void close(EmbeddedPostgres postgres, Path dataDirectory) {
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("local-stack: stopping the embedded PostgreSQL: " + e.getMessage());
    }
  }

  /** SIGTERM (PostgreSQL's smart shutdown), then SIGKILL if it is still there after 5 s. */
  private static void stopProcess(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      kill(process);
    }
  }

  private static void kill(ProcessHandle process) {
    process.destroyForcibly();
    try {
      process.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("local-stack: PostgreSQL (pid " + process.pid() + ") did not stop: " + e.getMessage());
    }
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return value;
  }

  /** A PostgreSQL JDBC URL taken apart: the login goes to the services separately, never in a URL. */
  record Url(String hosts, String database, Optional<String> user, Optional<String> password, String otherParameters) {
    static Url parse(String url) {
      String rest = url.substring("jdbc:postgresql://".length());
      int question = rest.indexOf('?');
      String base = question < 0 ? rest : rest.substring(0, question);
      String query = question < 0 ? "" : rest.substring(question + 1);
      int slash = base.indexOf('/');
      String hosts = slash < 0 ? base : base.substring(0, slash);
      String database = slash < 0 ? "" : base.substring(slash + 1);
      if (hosts.isBlank()) {
        throw new StackException(2, "STACK_POSTGRES_URL has no host: jdbc:postgresql://HOST:PORT/?user=...");
      }
      Optional<String> user = Optional.empty();
      Optional<String> password = Optional.empty();
      List<String> others = new ArrayList<>();
      for (String parameter : query.split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int equals = parameter.indexOf('=');
        String key = equals < 0 ? parameter : parameter.substring(0, equals);
        String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        if (key.equals("user")) {
          user = Optional.of(value);
        } else if (key.equals("password")) {
          password = Optional.of(value);
        } else {
          others.add(parameter);
        }
      }
      return new Url(hosts, database, user, password, String.join("&", others));
    }

    String admin() {
      return url(database.isEmpty() ? "postgres" : database);
    }

    Login service(String name) {
      return new Login(url(name), user, password);
    }

    /** For messages: no password. */
    String safe() {
      return url(database) + user.map(u -> " as " + u).orElse("");
    }

    private String url(String name) {
      return "jdbc:postgresql://" + hosts + "/" + name + (otherParameters.isEmpty() ? "" : "?" + otherParameters);
    }
  }
}
