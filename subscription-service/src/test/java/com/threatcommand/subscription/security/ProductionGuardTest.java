package com.threatcommand.subscription.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.common.security.ProductionGuard;
import com.threatcommand.subscription.upgrade.SalesMailRequirement;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** What the prod profile refuses to start without (the parts "Get More" added). */
class ProductionGuardTest {
  private static Config config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build();
  }

  private static List<String> problems(Config config) {
    return ProductionGuard.problems(config, List.of(new SalesMailRequirement()));
  }

  private static Map<String, String> complete() {
    Map<String, String> values = new HashMap<>();
    values.put("mp.jwt.verify.publickey.location", "/etc/keys/gateway-public.pem");
    values.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/subscription");
    values.put("sales.email", "sales@example.com");
    values.put("quarkus.mailer.from", "no-reply@example.com");
    return values;
  }

  @Test
  void aCompleteProductionConfigurationPasses() {
    assertEquals(List.of(), problems(config(complete())));
  }

  @Test
  void salesEmailAndTheSenderAreRequired() {
    Map<String, String> values = complete();
    values.remove("sales.email");
    values.remove("quarkus.mailer.from");
    List<String> problems = problems(config(values));
    assertTrue(problems.stream().anyMatch(p -> p.contains("SALES_EMAIL")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("QUARKUS_MAILER_FROM")), problems.toString());
  }

  @Test
  void aMockMailerNeedsNoSender() {
    Map<String, String> values = complete();
    values.remove("quarkus.mailer.from");
    values.put("quarkus.mailer.mock", "true");
    assertEquals(List.of(), problems(config(values)));
  }
}
