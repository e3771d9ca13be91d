package com.threatcommand.subscription.account;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The module catalog (Threat Command's system-module codes) and the storage-region catalog. */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {
  /** Every module a subscription can include, in display order. */
  List<Entry> modules();

  /** Where an account's data can be stored. */
  List<Entry> regions();

  interface Entry {
    String code();

    String name();
  }

  default Optional<Entry> module(String code) {
    return modules().stream().filter(m -> m.code().equals(code)).findFirst();
  }

  default Optional<Entry> region(String code) {
    return regions().stream().filter(r -> r.code().equals(code)).findFirst();
  }
}
