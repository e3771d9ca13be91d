package com.threatcommand.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders an overlay of deploy/k8s with {@code kubectl kustomize} (or a standalone {@code kustomize
 * build}) and parses the result. Where neither tool is installed the calling test is reported as
 * skipped with the reason; under CI (environment variable CI set) that is a failure instead, since
 * .ci/run installs kubectl first.
 */
final class Kustomize {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
  private static volatile boolean skipReported;

  private Kustomize() {}

  /** The repository's root (system property set by the deploy module's pom). */
  static Path repositoryRoot() {
    String root = System.getProperty("repository.root");
    Path path = root != null ? Path.of(root) : Path.of("..");
    return path.toAbsolutePath().normalize();
  }

  static Path k8s() {
    return repositoryRoot().resolve("deploy/k8s");
  }

  /** Every overlay directory under deploy/k8s/overlays. */
  static List<String> overlays() {
    try (Stream<Path> dirs = Files.list(k8s().resolve("overlays"))) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Manifests render(String overlay) {
    return RENDERED.computeIfAbsent(overlay, o -> new Manifests(o, parse(run(o))));
  }

  private static String run(String overlay) {
    List<String> command = command(k8s().resolve("overlays").resolve(overlay));
    try {
      Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
      Path err = Files.createTempFile("kustomize-" + overlay, ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          Assertions.fail(String.join(" ", command) + " did not finish within 2 minutes");
        }
        if (process.exitValue() != 0) {
          Assertions.fail(
              String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                  + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kubectl kustomize DIR, else kustomize build DIR; -Dkubectl=/path/to/kubectl overrides. */
  static List<String> command(Path dir) {
    String configured = System.getProperty("kubectl");
    if (configured != null && !configured.isBlank()) {
      return List.of(configured, "kustomize", dir.toString());
    }
    Optional<Path> kubectl = onPath("kubectl");
    if (kubectl.isPresent()) {
      return List.of(kubectl.get().toString(), "kustomize", dir.toString());
    }
    Optional<Path> kustomize = onPath("kustomize");
    if (kustomize.isPresent()) {
      return List.of(kustomize.get().toString(), "build", dir.toString());
    }
    String reason =
        "neither kubectl nor kustomize is on PATH (" + System.getenv("PATH") + "): the Kubernetes"
            + " manifests cannot be rendered. Install kubectl (.ci/install-kubectl does) or pass"
            + " -Dkubectl=/path/to/kubectl.";
    if (System.getenv("CI") != null) {
      Assertions.fail("CI must not skip the manifest checks: " + reason);
    }
    if (!skipReported) {
      skipReported = true;
      System.err.println("[deploy] Kubernetes manifest checks SKIPPED: " + reason);
    }
    Assumptions.abort("Skipped: " + reason);
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static List<JsonNode> parse(String yaml) {
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject() && document.size() > 0) {
          objects.add(document);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("rendered YAML does not parse", e);
    }
    return objects;
  }
}
