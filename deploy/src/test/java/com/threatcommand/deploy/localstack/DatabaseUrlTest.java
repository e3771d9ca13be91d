package com.threatcommand.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** STACK_POSTGRES_URL taken apart: the services get a URL per database and the login apart. */
class DatabaseUrlTest {

  @Test
  void loginLeavesTheUrlAndEachServiceGetsItsOwnDatabase() {
    Database.Url url =
        Database.Url.parse("jdbc:postgresql://db.example.com:5433/?user=stack&password=s%26cret&sslmode=require");

    assertEquals("jdbc:postgresql://db.example.com:5433/postgres?sslmode=require", url.admin());
    Database.Login login = url.service("subscription");
    assertEquals("jdbc:postgresql://db.example.com:5433/subscription?sslmode=require", login.jdbcUrl());
    assertEquals(Optional.of("stack"), login.username());
    assertEquals(Optional.of("s&cret"), login.password());
  }

  @Test
  void aNamedDatabaseIsWhereTheLauncherConnectsToCreateTheOthers() {
    Database.Url url = Database.Url.parse("jdbc:postgresql://localhost/maintenance");

    assertEquals("jdbc:postgresql://localhost/maintenance", url.admin());
    assertEquals("jdbc:postgresql://localhost/credentials", url.service("credentials").jdbcUrl());
    assertEquals(Optional.empty(), url.service("credentials").username());
  }

  @Test
  void severalHostsAreKept() {
    Database.Url url = Database.Url.parse("jdbc:postgresql://a:5432,b:5432?user=x&targetServerType=primary");

    assertEquals("jdbc:postgresql://a:5432,b:5432/subscription?targetServerType=primary",
        url.service("subscription").jdbcUrl());
  }

  @Test
  void thePasswordNeverAppearsInMessages() {
    Database.Url url = Database.Url.parse("jdbc:postgresql://db:5432/?user=stack&password=hunter2");

    assertFalse(url.safe().contains("hunter2"));
    assertEquals("jdbc:postgresql://db:5432/ as stack", url.safe());
  }

  @Test
  void aUrlWithoutHostIsRefused() {
    StackException e = assertThrows(StackException.class, () -> Database.Url.parse("jdbc:postgresql:///db"));
    assertEquals(2, e.exitCode);
  }
}
