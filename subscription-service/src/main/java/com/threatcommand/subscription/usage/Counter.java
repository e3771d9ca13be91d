package com.threatcommand.subscription.usage;

/** The usage counters a subscription limits, and their columns on the subscription row. */
public enum Counter {
  ASSETS("assets", "assets_used", "assets_limit"),
  REMEDIATIONS("remediations", "remediations_used", "remediations_limit");

  final String path;
  final String usedColumn;
  final String limitColumn;

  Counter(String path, String usedColumn, String limitColumn) {
    this.path = path;
    this.usedColumn = usedColumn;
    this.limitColumn = limitColumn;
  }

  static Counter fromPath(String path) {
    for (Counter c : values()) {
      if (c.path.equals(path)) {
        return c;
      }
    }
    throw new IllegalArgumentException(path);
  }
}
