package com.threatcommand.common.security;

import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * What one service needs beyond the common checks of {@link ProductionGuard} before it may start in
 * production (a secret of its own, an address it must know). A bean of this type is asked at start.
 */
public interface ProductionRequirement {
  /** Each missing or development value, named by its environment variable; empty when all is set. */
  List<String> problems(Config config);
}
