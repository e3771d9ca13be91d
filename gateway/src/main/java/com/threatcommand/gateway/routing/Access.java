package com.threatcommand.gateway.routing;

import com.threatcommand.gateway.auth.Roles;

/** Which credential a route takes, the group it needs and the challenge a 401 carries. */
public enum Access {
  ADMIN(Roles.ADMIN, "Bearer realm=\"threatcommand\""),
  PROVISIONER(Roles.PROVISIONER, "Bearer realm=\"threatcommand\""),
  API_KEY(Roles.API_KEY, "Basic realm=\"Threat Command API\", charset=\"UTF-8\""),
  APPLIANCE_KEY(Roles.APPLIANCE_KEY, "Basic realm=\"Threat Command Appliance\", charset=\"UTF-8\"");

  public final String group;
  public final String challenge;

  Access(String group, String challenge) {
    this.group = group;
    this.challenge = challenge;
  }

  public boolean bearer() {
    return this == ADMIN || this == PROVISIONER;
  }
}
