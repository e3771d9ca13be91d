package com.threatcommand.deploy.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

/** What each application of the stack is told through its environment: ports, peers, keys, database, mail. */
final class Environments {
  private Environments() {}

  static Map<String, String> gateway(Settings settings, RunKeys keys) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_HOST", settings.host());
    env.put("QUARKUS_HTTP_PORT", Integer.toString(settings.gatewayPort()));
    env.put("SUBSCRIPTION_SERVICE_URL", "http://127.0.0.1:" + settings.subscriptionPort());
    env.put("CREDENTIALS_SERVICE_URL", "http://127.0.0.1:" + settings.credentialsPort());
    env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", keys.gatewayPrivate().toString());
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.idpPublic().toString());
    env.put("MP_JWT_VERIFY_ISSUER", Keys.IDP_ISSUER);
    env.put("MP_JWT_VERIFY_AUDIENCES", Keys.IDP_AUDIENCE);
    // The page is served by the gateway itself (same origin); this lets a front-end dev server call it.
    env.put("CORS_ORIGINS", "http://localhost:5173");
    // The merged /openapi is complete soon after the services are up (production: every 60 s).
    env.put("GATEWAY_OPENAPI_REFRESH", "10S");
    return env;
  }

  /** subscription-service's; {@code mailSinkPort} is the local SMTP sink's unless STACK_SMTP names a server. */
  static Map<String, String> subscription(Settings settings, RunKeys keys, Database.Login login, int mailSinkPort) {
    Map<String, String> env = service(settings.subscriptionPort(), keys, login);
    env.put("DEMO_ENABLED", "true");
    env.put("SALES_EMAIL", settings.salesEmail());
    env.put("QUARKUS_MAILER_MOCK", "false");
    env.put("QUARKUS_MAILER_FROM", settings.mailFrom());
    if (settings.smtp().isPresent()) {
      Settings.SmtpServer smtp = settings.smtp().get();
      env.put("QUARKUS_MAILER_HOST", smtp.host());
      env.put("QUARKUS_MAILER_PORT", Integer.toString(smtp.port()));
      env.put("QUARKUS_MAILER_START_TLS", smtp.startTls());
      if (smtp.port() == 465) {
        env.put("QUARKUS_MAILER_TLS", "true"); // SMTPS: TLS from the first byte
      }
      smtp.username().ifPresent(u -> env.put("QUARKUS_MAILER_USERNAME", u));
      smtp.password().ifPresent(p -> env.put("QUARKUS_MAILER_PASSWORD", p));
    } else {
      env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
      env.put("QUARKUS_MAILER_PORT", Integer.toString(mailSinkPort));
      env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
    }
    // "Get More" mail leaves within 2 s of the request (production: every 10 s).
    env.put("UPGRADE_RELAY_EVERY", "2s");
    return env;
  }

  static Map<String, String> credentials(Settings settings, RunKeys keys, Database.Login login) {
    Map<String, String> env = service(settings.credentialsPort(), keys, login);
    env.put("KEY_HASH_SECRET", keys.hashSecret());
    return env;
  }

  /** What both services need: their port, their database, and the gateway's key for internal tokens. */
  private static Map<String, String> service(int port, RunKeys keys, Database.Login login) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_DATASOURCE_JDBC_URL", login.jdbcUrl());
    login.username().ifPresent(u -> env.put("QUARKUS_DATASOURCE_USERNAME", u));
    login.password().ifPresent(p -> env.put("QUARKUS_DATASOURCE_PASSWORD", p));
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + keys.gatewayPublic());
    return env;
  }
}
