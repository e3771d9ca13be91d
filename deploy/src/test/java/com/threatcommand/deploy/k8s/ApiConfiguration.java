package com.threatcommand.deploy.k8s;

import java.util.Set;

/**
 * The environment variables operators may set, copied from the design card's API.md, section
 * "Configuration (what operators set)" (the table's "variable" column, with the abbreviated
 * {@code _USERNAME}-style names written out). A clean clone has no ../shared, so the copy lives here:
 * when that table changes, change this list with it.
 */
final class ApiConfiguration {
  static final Set<String> VARIABLES =
      Set.of(
          "QUARKUS_HTTP_PORT",
          "QUARKUS_DATASOURCE_JDBC_URL",
          "QUARKUS_DATASOURCE_USERNAME",
          "QUARKUS_DATASOURCE_PASSWORD",
          "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
          "MP_JWT_VERIFY_ISSUER",
          "MP_JWT_VERIFY_AUDIENCES",
          "SMALLRYE_JWT_SIGN_KEY_LOCATION",
          "INTERNAL_TOKEN_ISSUER",
          "SUBSCRIPTION_SERVICE_URL",
          "CREDENTIALS_SERVICE_URL",
          "CORS_ORIGINS",
          "KEY_HASH_SECRET",
          "QUARKUS_MAILER_HOST",
          "QUARKUS_MAILER_PORT",
          "QUARKUS_MAILER_FROM",
          "QUARKUS_MAILER_USERNAME",
          "QUARKUS_MAILER_PASSWORD",
          "QUARKUS_MAILER_START_TLS",
          "QUARKUS_MAILER_MOCK",
          "SALES_EMAIL");

  private ApiConfiguration() {}
}
