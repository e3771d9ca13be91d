package com.threatcommand.subscription.upgrade;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Where "Get More" requests go ({@code sales.*}). */
@ConfigMapping(prefix = "sales")
public interface SalesConfig {
  /** Sales' address ({@code SALES_EMAIL}); optional here so the production guard can say why. */
  Optional<String> email();
}
