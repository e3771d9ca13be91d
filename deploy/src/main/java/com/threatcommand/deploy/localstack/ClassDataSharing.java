package com.threatcommand.deploy.localstack;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An application's AppCDS archive (class data sharing): the classes its JVM loaded in an earlier
 * run, already parsed and verified, mapped at start instead of loaded again from the jars. Saves a
 * third of the start-up CPU and some memory.
 *
 * <p>Made by the launcher, not by the build: the first run of a freshly built application is its
 * training run ({@code -XX:ArchiveClassesAtExit}; the JVM writes the archive when it exits at the
 * stack's stop), later runs use it ({@code -XX:SharedArchiveFile}). A training run at stop time
 * sees every class of a real start (database, migrations, HTTP, the demo requests), which an archive
 * made at build time (Quarkus's {@code quarkus.package.jar.appcds.enabled}: static init only, no
 * database) cannot.
 *
 * <p>The archive lives in {@code <module>/target/local-stack-cds/}, named after this JDK and the
 * jar's path, so that {@code mvn clean} removes it, another JDK gets its own and a moved checkout
 * trains again. It is stale, and trained again, when any file of the packaged application is newer.
 * A JVM that cannot use it anyway (another build of the JDK, a changed jar) says so in the log and
 * starts without it ({@code -Xshare:auto}, the default). The JVM writes to a temporary file that is
 * moved into place only after a clean exit, so two stacks never read a half-written archive.
 */
final class ClassDataSharing {
  private final Path archive;
  private final Path training;
  private final Path application;
  private boolean trains;
  private FileTime trainingStarted;

  private ClassDataSharing(Path archive, Path application) {
    this.archive = archive;
    this.training = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    this.application = application;
  }

  /** The archive of the application packaged in {@code jar}'s directory, if this JVM can make one. */
  static Optional<ClassDataSharing> of(Path jar) {
    if (!HotSpot.supports("ArchiveClassesAtExit")) {
      return Optional.empty();
    }
    Path application = jar.toAbsolutePath().getParent();
    Path directory = application.getParent().resolve("local-stack-cds");
    String jdk = System.getProperty("java.vm.version", "unknown").replaceAll("[^A-Za-z0-9.+_-]", "_");
    String key = System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n" + jar.toAbsolutePath();
    return Optional.of(new ClassDataSharing(directory.resolve(jdk + "-" + shortHash(key) + ".jsa"), application));
  }

  /** The JVM options for this run: use the archive, or train one. */
  List<String> options() {
    if (isCurrent()) {
      trains = false;
      return List.of("-XX:SharedArchiveFile=" + archive);
    }
    try {
      Files.createDirectories(archive.getParent());
      removeAbandonedTrainings();
    } catch (IOException e) {
      return List.of(); // no archive this time; the application starts as usual
    }
    trains = true;
    trainingStarted = FileTime.from(java.time.Instant.now());
    // The dump lists thousands of classes it leaves out (never linked, generated): not worth a log line each.
    return List.of("-XX:ArchiveClassesAtExit=" + training, "-Xlog:cds=error", "-Xlog:cds+dynamic=error");
  }

  boolean trains() {
    return trains;
  }

  Path archive() {
    return archive;
  }

  /** After the application's JVM exited: keeps the archive it wrote, if it exited cleanly. */
  void exited(Process process) {
    if (!trains) {
      return;
    }
    try {
      if (isCleanExit(process.exitValue()) && Files.size(training) > 0) {
        // Dated from the training's start: a build during the run makes it stale, as it should.
        Files.setLastModifiedTime(training, trainingStarted);
        Files.move(training, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.deleteIfExists(training);
      }
    } catch (IOException | IllegalThreadStateException e) {
      try {
        Files.deleteIfExists(training);
      } catch (IOException ignored) {
        // a leftover is removed by the next training run
      }
    }
  }

  /** 0, or the exit of a JVM stopped by SIGTERM (143) or SIGINT (130) after its shutdown hooks ran. */
  private static boolean isCleanExit(int code) {
    return code == 0 || code == 143 || code == 130;
  }

  /** Present, and not older than any file of the packaged application. */
  private boolean isCurrent() {
    try {
      if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
        return false;
      }
      FileTime made = Files.getLastModifiedTime(archive);
      try (Stream<Path> files = Files.walk(application)) {
        return files
            .filter(Files::isRegularFile)
            .noneMatch(
                file -> {
                  try {
                    return Files.getLastModifiedTime(file).compareTo(made) > 0;
                  } catch (IOException e) {
                    return true;
                  }
                });
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** Temporary files of training runs whose launcher is gone (it was killed before it could move them). */
  private void removeAbandonedTrainings() throws IOException {
    String prefix = archive.getFileName() + ".";
    try (Stream<Path> files = Files.list(archive.getParent())) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp")) {
          String pid = name.substring(prefix.length(), name.length() - ".tmp".length());
          boolean alive = pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
          if (!alive) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the JVM running the launcher (the same one that runs the applications) supports. */
  static final class HotSpot {
    private HotSpot() {}

    /** Whether this JVM is HotSpot and knows the {@code -XX} option (any kind: product, experimental). */
    static boolean supports(String option) {
      try {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(option);
        return true;
      } catch (IllegalArgumentException | LinkageError | NullPointerException e) {
        return false;
      }
    }
  }
}
