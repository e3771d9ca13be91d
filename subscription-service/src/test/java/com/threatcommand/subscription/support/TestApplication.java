package com.threatcommand.subscription.support;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Test resources for every @QuarkusTest of the module (one Quarkus boot): a real SMTP server.
 * {@code restrictToAnnotatedClass = false} makes it apply to all test classes alike.
 */
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = false)
public final class TestApplication {
  private TestApplication() {}
}
