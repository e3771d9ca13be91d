package com.threatcommand.deploy.k8s;

import static com.threatcommand.deploy.k8s.Manifests.mainContainer;
import static com.threatcommand.deploy.k8s.Manifests.name;
import static com.threatcommand.deploy.k8s.Manifests.podSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PostgreSQL: a CloudNativePG Cluster in dev (a role and a database per service), an external
 * server in prod; Flyway inside each service is the only thing that changes a schema.
 */
class DatabaseTest {
  private static final Map<String, String> DATABASES =
      Map.of("subscription-service", "subscription", "credentials-service", "credentials");
  private static final Map<String, String> SECRETS =
      Map.of("subscription-service", "subscription-db", "credentials-service", "credentials-db");

  static List<String> overlays() {
    return Kustomize.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void eachServiceLogsInWithItsOwnSecret(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (String service : DATABASES.keySet()) {
      Map<String, String> env = m.environment(mainContainer(m.application(service)));
      assertEquals("secret:" + SECRETS.get(service) + "/username", env.get("QUARKUS_DATASOURCE_USERNAME"), service);
      assertEquals("secret:" + SECRETS.get(service) + "/password", env.get("QUARKUS_DATASOURCE_PASSWORD"), service);
      assertFalse(m.environment(mainContainer(m.application("gateway"))).containsKey("QUARKUS_DATASOURCE_JDBC_URL"), "the gateway holds no database");
    }
  }

  @Test
  void devRunsACloudNativePgClusterWithARoleAndADatabasePerService() {
    Manifests m = Kustomize.render("dev");
    List<JsonNode> clusters = m.ofKind("Cluster").toList();
    assertEquals(1, clusters.size());
    JsonNode cluster = clusters.get(0);
    assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
    Map<String, String> rolePasswords =
        Manifests.stream(cluster.path("spec").path("managed").path("roles"))
            .filter(r -> r.path("login").asBoolean() && r.path("ensure").asText("present").equals("present"))
            .collect(Collectors.toMap(r -> r.path("name").asText(), r -> r.path("passwordSecret").path("name").asText()));
    for (String service : DATABASES.keySet()) {
      String database = DATABASES.get(service);
      // The role's password is the service's own Secret; the role owns the service's database.
      assertEquals(SECRETS.get(service), rolePasswords.get(database), service + "'s role");
      JsonNode db =
          m.ofKind("Database")
              .filter(d -> d.path("spec").path("name").asText().equals(database))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Database " + database));
      assertEquals(name(cluster), db.path("spec").path("cluster").path("name").asText());
      assertEquals(database, db.path("spec").path("owner").asText(), database + " owner");
      // The service connects to the cluster's read-write Service, its own database.
      String url = m.environment(mainContainer(m.application(service))).get("QUARKUS_DATASOURCE_JDBC_URL");
      URI uri = URI.create(url.substring("jdbc:".length()));
      assertEquals(name(cluster) + "-rw", uri.getHost(), service);
      assertEquals(5432, uri.getPort(), service);
      assertEquals("/" + database, uri.getPath(), service);
    }
    assertFalse(cluster.path("spec").path("enableSuperuserAccess").asBoolean(false), "no superuser Secret needed");
  }

  @Test
  void productionUsesAnExternalServerWhoseUrlIsASecret() {
    Manifests m = Kustomize.render("prod");
    assertEquals(List.of(), m.ofKind("Cluster").toList(), "prod runs no in-cluster PostgreSQL");
    for (String service : DATABASES.keySet()) {
      Map<String, String> env = m.environment(mainContainer(m.application(service)));
      assertEquals("secret:" + SECRETS.get(service) + "/jdbc-url", env.get("QUARKUS_DATASOURCE_JDBC_URL"), service);
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyFlywayInTheServicesMigratesSoReplicasNeverRace(String overlay) {
    Manifests m = Kustomize.render(overlay);
    // No migration Job or init container racing the services' own Flyway (which serialises
    // replicas with a PostgreSQL advisory lock), and Hibernate never generates schema.
    Set<String> kinds = m.objects().stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet());
    assertFalse(kinds.contains("Job") || kinds.contains("CronJob"), overlay + " runs Jobs: " + kinds);
    for (JsonNode deployment : m.deployments()) {
      assertTrue(podSpec(deployment).path("initContainers").isEmpty(), name(deployment) + " has init containers");
    }
    for (String service : DATABASES.keySet()) {
      Properties config = m.configFile(m.application(service));
      for (String key : config.stringPropertyNames()) {
        assertFalse(
            key.startsWith("quarkus.hibernate-orm.") && (key.endsWith("schema-management.strategy") || key.endsWith("database.generation")),
            service + " config file overrides schema management: " + key);
        assertFalse(key.startsWith("quarkus.flyway."), service + " config file overrides Flyway: " + key);
      }
    }
  }
}
