package com.threatcommand.deploy.k8s;

import java.math.BigDecimal;

/** Kubernetes resource quantities ("250m", "2", "640Mi", "1G") as plain numbers. */
final class Quantity {
  static final double MI = 1024 * 1024;

  private Quantity() {}

  static double parse(String quantity) {
    String[][] suffixes = {
      {"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
      {"k", "1e3"}, {"M", "1e6"}, {"G", "1e9"}, {"T", "1e12"}, {"m", "1e-3"}
    };
    for (String[] suffix : suffixes) {
      if (quantity.endsWith(suffix[0])) {
        String number = quantity.substring(0, quantity.length() - suffix[0].length());
        return new BigDecimal(number).multiply(new BigDecimal(suffix[1])).doubleValue();
      }
    }
    return new BigDecimal(quantity).doubleValue();
  }
}
