package com.threatcommand.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each application's src/main/docker/Dockerfile.jvm: the fast-jar layout, a JRE 17 or later,
 * a numeric non-root user that the manifests run as, JVM flags sized from the memory limit. (No
 * Docker engine here to build them: this checks what the image will be, not a built image.)
 */
class ContainerImageTest {

  static List<String> applications() {
    return Manifests.APPLICATIONS;
  }

  private static String dockerfile(String app) throws IOException {
    Path file = Kustomize.repositoryRoot().resolve(app).resolve("src/main/docker/Dockerfile.jvm");
    assertTrue(Files.isRegularFile(file), "missing " + file);
    return Files.readString(file);
  }

  private static String value(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    assertTrue(m.find(), "no match for " + regex);
    return m.group(1);
  }

  @ParameterizedTest
  @MethodSource("applications")
  void startsFromAMaintainedJreOf17OrLater(String app) throws IOException {
    String text = dockerfile(app);
    String base = value(text, "^ARG JRE_IMAGE=(\\S+)$");
    assertEquals("${JRE_IMAGE}", value(text, "^FROM (\\S+)$"));
    Matcher jdk = Pattern.compile("^eclipse-temurin:(\\d+)-jre").matcher(base);
    assertTrue(jdk.find(), app + ": base image " + base);
    assertTrue(Integer.parseInt(jdk.group(1)) >= 17, app + ": JRE " + jdk.group(1));
  }

  @ParameterizedTest
  @MethodSource("applications")
  void copiesTheQuarkusFastJarLayout(String app) throws IOException {
    String text = dockerfile(app);
    for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
      assertTrue(text.contains("COPY target/quarkus-app/" + part + " /deployments/"), app + " copies no " + part);
    }
    assertTrue(text.contains("\"-jar\", \"/deployments/quarkus-run.jar\""), app + " does not run quarkus-run.jar");
    // The manifests mount config/application.properties here; Quarkus reads it from $PWD/config.
    assertEquals("/deployments", value(text, "^WORKDIR (\\S+)$"));
  }

  @ParameterizedTest
  @MethodSource("applications")
  void runsAsTheNumericNonRootUserTheManifestsExpect(String app) throws IOException {
    String text = dockerfile(app);
    String user = value(text, "^USER (\\S+)$");
    assertTrue(user.matches("[1-9][0-9]*:[0-9]+"), app + ": USER must be numeric uid:gid, is " + user);
    JsonNode deployment =
        Kustomize.parse(Files.readString(Kustomize.k8s().resolve("base").resolve(app).resolve("deployment.yaml"))).get(0);
    JsonNode security = Manifests.podSpec(deployment).path("securityContext");
    assertEquals(
        security.path("runAsUser").asText() + ":" + security.path("runAsGroup").asText(), user, app + ": image user vs runAsUser");
  }

  @ParameterizedTest
  @MethodSource("applications")
  void sizesTheJvmFromTheContainersMemoryLimit(String app) throws IOException {
    String text = dockerfile(app);
    String percent = value(text, "\"-XX:MaxRAMPercentage=([0-9.]+)\"");
    double share = Double.parseDouble(percent);
    assertTrue(share >= 40 && share <= 75, app + ": heap share " + share + " % leaves too little or too much");
    assertTrue(text.contains("\"-XX:+ExitOnOutOfMemoryError\""), app + ": a JVM out of memory must exit");
    assertTrue(!text.contains("-Xmx") && !text.contains("-Xms"), app + ": fixed heap sizes ignore the limit");
    assertTrue(text.contains("\"-Djava.io.tmpdir=/tmp\""), app + ": temp files must go to the /tmp emptyDir");
    String port = value(text, "^EXPOSE (\\d+)$");
    assertEquals(String.valueOf(List.of(8080, 8081, 8082).get(Manifests.APPLICATIONS.indexOf(app))), port);
  }
}
