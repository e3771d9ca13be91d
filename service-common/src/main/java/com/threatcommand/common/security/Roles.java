package com.threatcommand.common.security;

/** The groups an internal token can carry (API.md, "Internal token"). */
public final class Roles {
  public static final String ADMIN = "admin";
  public static final String PROVISIONER = "provisioner";
  public static final String API_KEY = "api-key";
  public static final String APPLIANCE_KEY = "appliance-key";
  public static final String GATEWAY = "gateway";

  private Roles() {}
}
