package com.threatcommand.subscription.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo accounts ({@code DEMO_ENABLED}; on in dev mode). */
@ConfigMapping(prefix = "demo")
public interface DemoConfig {
  /** Whether the demo accounts are loaded at start. */
  @WithDefault("false")
  boolean enabled();
}
