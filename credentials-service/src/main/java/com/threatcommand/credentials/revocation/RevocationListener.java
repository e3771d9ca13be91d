package com.threatcommand.credentials.revocation;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on {@value RevocationNotifier#CHANNEL} over a dedicated JDBC connection (not the pool's:
 * LISTEN belongs to one session) and hands each notification to the {@link RevocationHub}. A lost
 * connection is noticed within a second or two (a {@code select 1} every few seconds also catches
 * silent network loss) and re-established with exponential backoff, by itself.
 */
@ApplicationScoped
public class RevocationListener {
  private static final Logger LOG = Logger.getLogger(RevocationListener.class);
  static final String APPLICATION_NAME = "credentials-revocation-listener";
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final int POLL_MILLIS = 500;
  private static final long PROBE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final RevocationHub hub;
  private final String url;
  private final Optional<String> username;
  private final Optional<String> password;
  private final Duration maxBackoff;
  private volatile boolean running;
  private volatile Connection current;
  private Thread thread;

  RevocationListener(
      RevocationHub hub,
      RevocationConfig config,
      // Quarkus's own names, not ours to map: the pool's database, on a connection of its own.
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.hub = hub;
    this.url = url;
    this.username = username;
    this.password = password;
    this.maxBackoff = config.reconnectMaxBackoff();
  }

  void start(@Observes StartupEvent event) {
    running = true;
    thread = new Thread(this::run, "revocation-listener");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    closeQuietly(current);
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run() {
    Duration backoff = MIN_BACKOFF;
    while (running) {
      try (Connection connection = connect()) {
        current = connection;
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + RevocationNotifier.CHANNEL);
        }
        LOG.info("Listening for key revocations");
        hub.listening();
        backoff = MIN_BACKOFF;
        listen(connection);
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warnf("Revocation listener lost its database connection: %s", e.getMessage());
        }
      } finally {
        current = null;
        hub.lost();
      }
      if (!running) {
        return;
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
  }

  private void listen(Connection connection) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    long lastProbe = System.nanoTime();
    while (running) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null) {
        for (PGNotification notification : notifications) {
          hub.revoked(notification.getParameter());
        }
      }
      if (System.nanoTime() - lastProbe > PROBE_EVERY_NANOS) {
        try (Statement probe = connection.createStatement()) {
          probe.execute("select 1");
        }
        lastProbe = System.nanoTime();
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    username.ifPresent(u -> properties.setProperty("user", u));
    password.ifPresent(p -> properties.setProperty("password", p));
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", "30");
    Connection connection = new org.postgresql.Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("Not a PostgreSQL JDBC URL");
    }
    connection.setAutoCommit(true);
    return connection;
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
