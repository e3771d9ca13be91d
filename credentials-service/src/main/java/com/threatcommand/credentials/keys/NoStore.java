package com.threatcommand.credentials.keys;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Nothing this service answers about keys may be cached by a browser or proxy: every response under
 * {@code /api/v1/credentials} and {@code /internal} carries {@code Cache-Control: no-store}.
 */
public class NoStore {
  @ServerResponseFilter
  public void noStore(ContainerRequestContext request, ContainerResponseContext response) {
    String path = request.getUriInfo().getPath();
    if (path.startsWith("/api/v1/credentials") || path.startsWith("/internal/")) {
      response.getHeaders().putSingle("Cache-Control", "no-store");
      response.getHeaders().putSingle("Pragma", "no-cache");
    }
  }
}
