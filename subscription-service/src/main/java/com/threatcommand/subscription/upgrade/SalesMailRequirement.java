package com.threatcommand.subscription.upgrade;

import com.threatcommand.common.security.ProductionRequirement;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** In production, "Get More" emails need Sales' address and, unless the mailer is a mock, a sender. */
@ApplicationScoped
public class SalesMailRequirement implements ProductionRequirement {
  @Override
  public List<String> problems(Config config) {
    List<String> problems = new ArrayList<>();
    if (config.getOptionalValue("sales.email", String.class).isEmpty()) {
      problems.add("SALES_EMAIL is not set");
    }
    boolean mockMailer =
        config.getOptionalValue("quarkus.mailer.mock", Boolean.class).orElse(false);
    if (!mockMailer && config.getOptionalValue("quarkus.mailer.from", String.class).isEmpty()) {
      problems.add("QUARKUS_MAILER_FROM (sender of the emails to Sales) is not set");
    }
    return problems;
  }
}
