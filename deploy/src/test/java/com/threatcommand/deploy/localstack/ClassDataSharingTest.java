package com.threatcommand.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {
  @TempDir Path module;

  private Path jar() throws Exception {
    Path app = Files.createDirectories(module.resolve("target/quarkus-app"));
    Path jar = Files.writeString(app.resolve("quarkus-run.jar"), "jar");
    Files.createDirectories(app.resolve("lib"));
    Files.writeString(app.resolve("lib/a.jar"), "lib");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(app.resolve("lib/a.jar"), FileTime.from(Instant.now().minusSeconds(60)));
    return jar;
  }

  private static Process exiting(int code) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", "exit " + code).start();
    process.waitFor();
    return process;
  }

  @Test
  void firstRunTrainsAndACleanExitKeepsTheArchive() throws Exception {
    ClassDataSharing cds = ClassDataSharing.of(jar()).orElseThrow();
    List<String> options = cds.options();
    assertTrue(cds.trains());
    String target = options.get(0).substring("-XX:ArchiveClassesAtExit=".length());
    assertTrue(options.get(0).startsWith("-XX:ArchiveClassesAtExit=") && target.endsWith(".tmp"), options.toString());
    assertEquals(module.resolve("target/local-stack-cds"), cds.archive().getParent());

    Files.writeString(Path.of(target), "archive"); // what the JVM writes at its exit
    cds.exited(exiting(143)); // SIGTERM: the shutdown ran, the archive is complete
    assertTrue(Files.isRegularFile(cds.archive()));
    assertFalse(Files.exists(Path.of(target)));

    ClassDataSharing next = ClassDataSharing.of(module.resolve("target/quarkus-app/quarkus-run.jar")).orElseThrow();
    assertEquals(List.of("-XX:SharedArchiveFile=" + cds.archive()), next.options());
    assertFalse(next.trains());
  }

  @Test
  void aKilledTrainingRunLeavesNoArchive() throws Exception {
    ClassDataSharing cds = ClassDataSharing.of(jar()).orElseThrow();
    Path target = Path.of(cds.options().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
    Files.writeString(target, "half an archive");
    cds.exited(exiting(137)); // SIGKILL
    assertFalse(Files.exists(cds.archive()));
    assertFalse(Files.exists(target));
  }

  @Test
  void aNewBuildMakesTheArchiveStale() throws Exception {
    Path jar = jar();
    ClassDataSharing cds = ClassDataSharing.of(jar).orElseThrow();
    Files.createDirectories(cds.archive().getParent());
    Files.writeString(cds.archive(), "archive");
    assertFalse(ClassDataSharing.of(jar).orElseThrow().options().get(0).startsWith("-XX:ArchiveClassesAtExit="));

    Files.setLastModifiedTime(jar.resolveSibling("lib/a.jar"), FileTime.from(Instant.now().plusSeconds(5)));
    ClassDataSharing rebuilt = ClassDataSharing.of(jar).orElseThrow();
    assertTrue(rebuilt.options().get(0).startsWith("-XX:ArchiveClassesAtExit="));
    assertTrue(rebuilt.trains());
  }
}
