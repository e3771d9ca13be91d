package com.threatcommand.deploy.k8s;

import static com.threatcommand.deploy.k8s.Manifests.containers;
import static com.threatcommand.deploy.k8s.Manifests.mainContainer;
import static com.threatcommand.deploy.k8s.Manifests.name;
import static com.threatcommand.deploy.k8s.Manifests.podSpec;
import static com.threatcommand.deploy.k8s.Manifests.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Deployment of every overlay: probes, resources, security context, graceful shutdown. */
class DeploymentHardeningTest {

  static List<String> overlays() {
    return Kustomize.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyOverlayRunsTheThreeApplications(String overlay) {
    Manifests m = Kustomize.render(overlay);
    Set<String> names = m.deployments().stream().map(Manifests::name).collect(Collectors.toSet());
    assertTrue(names.containsAll(Manifests.APPLICATIONS), overlay + " deploys " + names);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasStartupLivenessAndReadinessProbes(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode deployment : m.deployments()) {
      for (JsonNode container : podSpec(deployment).path("containers")) {
        String where = overlay + "/" + name(deployment) + "/" + container.path("name").asText();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
          JsonNode get = container.path(probe).path("httpGet");
          assertFalse(get.isMissingNode(), where + " has no HTTP " + probe);
          assertTrue(
              Manifests.containerPort(container, get.path("port")).isPresent(),
              where + ": " + probe + " targets port " + get.path("port") + ", which it does not declare");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void applicationsProbeQuarkusHealthEndpoints(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (String app : Manifests.APPLICATIONS) {
      JsonNode container = mainContainer(m.application(app));
      assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText(), app);
      assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(), app);
      assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText(), app);
      // The startup probe must leave time for a replica that waits on another's migration.
      JsonNode startup = container.path("startupProbe");
      int budget = startup.path("periodSeconds").asInt(10) * startup.path("failureThreshold").asInt(3);
      assertTrue(budget >= 120, app + ": startup probe gives up after " + budget + " s");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasCpuAndMemoryRequestsAndLimits(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode deployment : m.deployments()) {
      for (JsonNode container : containers(deployment)) {
        String where = overlay + "/" + name(deployment) + "/" + container.path("name").asText();
        JsonNode resources = container.path("resources");
        for (String kind : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            assertTrue(resources.path(kind).has(resource), where + " has no " + kind + "." + resource);
          }
        }
        assertTrue(
            Quantity.parse(resources.path("requests").path("cpu").asText())
                <= Quantity.parse(resources.path("limits").path("cpu").asText()),
            where + ": CPU request above its limit");
        assertTrue(
            Quantity.parse(resources.path("requests").path("memory").asText())
                <= Quantity.parse(resources.path("limits").path("memory").asText()),
            where + ": memory request above its limit");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void applicationsGetTheMemoryTheirJvmIsSizedFor(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (String app : Manifests.APPLICATIONS) {
      JsonNode resources = mainContainer(m.application(app)).path("resources");
      double request = Quantity.parse(resources.path("requests").path("memory").asText());
      double limit = Quantity.parse(resources.path("limits").path("memory").asText());
      // The image sizes the heap as a share of the limit: the pod must be guaranteed that limit, and
      // the limit must leave a usable heap (60 % of 512 MiB ~ 300 MiB) for a Quarkus service.
      assertEquals(limit, request, app + ": memory request must equal the limit (the heap follows the limit)");
      assertTrue(limit >= 512 * Quantity.MI, app + ": memory limit below 512Mi");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyPodRunsNonRootReadOnlyWithoutPrivilegesOrCapabilities(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode deployment : m.deployments()) {
      JsonNode pod = podSpec(deployment);
      String d = overlay + "/" + name(deployment);
      assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), d + ": pod runAsNonRoot");
      assertTrue(pod.path("securityContext").path("runAsUser").asInt(0) > 0, d + ": pod runAsUser must be a non-zero UID");
      assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(), d + ": pod seccomp");
      assertFalse(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean(), d + ": host namespaces");
      for (JsonNode container : containers(deployment)) {
        String where = d + "/" + container.path("name").asText();
        JsonNode sc = container.path("securityContext");
        assertTrue(sc.path("runAsNonRoot").asBoolean(true), where + ": runAsNonRoot");
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), where + ": readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, sc.path("allowPrivilegeEscalation").isBoolean() ? sc.path("allowPrivilegeEscalation").asBoolean() : null, where + ": allowPrivilegeEscalation must be false");
        assertFalse(sc.path("privileged").asBoolean(), where + ": privileged");
        List<String> dropped = stream(sc.path("capabilities").path("drop")).map(JsonNode::asText).toList();
        assertTrue(dropped.contains("ALL"), where + ": capabilities must drop ALL, drops " + dropped);
        assertTrue(sc.path("capabilities").path("add").isEmpty(), where + ": adds capabilities");
        assertEquals("RuntimeDefault", sc.path("seccompProfile").path("type").asText("RuntimeDefault"), where + ": seccomp");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerWritesOnlyToAnEmptyDirAtTmp(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode deployment : m.deployments()) {
      for (JsonNode container : podSpec(deployment).path("containers")) {
        String where = overlay + "/" + name(deployment) + "/" + container.path("name").asText();
        String volume =
            stream(container.path("volumeMounts"))
                .filter(v -> "/tmp".equals(v.path("mountPath").asText()))
                .map(v -> v.path("name").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError(where + " mounts nothing at /tmp"));
        JsonNode source =
            stream(podSpec(deployment).path("volumes"))
                .filter(v -> volume.equals(v.path("name").asText()))
                .findFirst()
                .orElseThrow();
        assertTrue(source.has("emptyDir"), where + ": /tmp must be an emptyDir, is " + source);
        for (JsonNode mount : container.path("volumeMounts")) {
          if (!mount.path("mountPath").asText().equals("/tmp")) {
            assertTrue(mount.path("readOnly").asBoolean(), where + ": " + mount.path("mountPath") + " must be read-only");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void applicationsFinishInFlightRequestsBeforeTheyAreKilled(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (String app : Manifests.APPLICATIONS) {
      JsonNode deployment = m.application(app);
      JsonNode container = mainContainer(deployment);
      List<String> preStop = stream(container.path("lifecycle").path("preStop").path("exec").path("command")).map(JsonNode::asText).toList();
      assertEquals("sleep", preStop.isEmpty() ? null : preStop.get(0), app + ": preStop must sleep while endpoints are removed");
      int sleep = Integer.parseInt(preStop.get(1));
      assertTrue(sleep >= 5, app + ": preStop sleep of " + sleep + " s is too short for endpoint removal");
      String timeout = m.configFile(deployment).getProperty("quarkus.shutdown.timeout");
      if (timeout == null) {
        fail(app + ": quarkus.shutdown.timeout unset: Quarkus would drop in-flight requests on SIGTERM");
      }
      Duration drain = Duration.parse("PT" + timeout.toUpperCase());
      int grace = podSpec(deployment).path("terminationGracePeriodSeconds").asInt(30);
      assertTrue(
          sleep + drain.toSeconds() + 5 <= grace,
          app + ": terminationGracePeriodSeconds " + grace + " < preStop " + sleep + " + drain " + drain.toSeconds() + " + 5");
      JsonNode rolling = deployment.path("spec").path("strategy").path("rollingUpdate");
      assertEquals(0, rolling.path("maxUnavailable").asInt(-1), app + ": a rollout must not drop below the wanted replicas");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noPodGetsAKubernetesApiToken(String overlay) {
    Manifests m = Kustomize.render(overlay);
    List<String> problems = new ArrayList<>();
    for (JsonNode deployment : m.deployments()) {
      JsonNode pod = podSpec(deployment);
      String account = pod.path("serviceAccountName").asText("");
      if (account.isEmpty() || account.equals("default")) {
        problems.add(name(deployment) + " runs as the default ServiceAccount");
        continue;
      }
      JsonNode sa = m.find("ServiceAccount", account).orElse(null);
      if (sa == null) {
        problems.add(name(deployment) + " uses ServiceAccount " + account + ", which is not rendered");
        continue;
      }
      if (!pod.path("automountServiceAccountToken").isBoolean() || pod.path("automountServiceAccountToken").asBoolean()) {
        problems.add(name(deployment) + ": pod automountServiceAccountToken must be false");
      }
      if (!sa.path("automountServiceAccountToken").isBoolean() || sa.path("automountServiceAccountToken").asBoolean()) {
        problems.add("ServiceAccount " + account + ": automountServiceAccountToken must be false");
      }
    }
    assertEquals(List.of(), problems, overlay);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void productionRunsEveryApplicationOnTwoReplicasOrMore(String overlay) {
    Manifests m = Kustomize.render(overlay);
    int minimum = overlay.equals("prod") ? 2 : 1;
    for (String app : Manifests.APPLICATIONS) {
      int replicas = m.application(app).path("spec").path("replicas").asInt(1);
      assertTrue(replicas >= minimum, overlay + "/" + app + " runs " + replicas + " replica(s)");
      JsonNode hpa = m.get("HorizontalPodAutoscaler", app);
      assertTrue(hpa.path("spec").path("minReplicas").asInt(1) >= minimum, overlay + "/" + app + ": HPA minReplicas");
      assertEquals(replicas, hpa.path("spec").path("minReplicas").asInt(1), overlay + "/" + app + ": replicas and HPA minReplicas differ");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void imagesArePinnedToATag(String overlay) {
    Manifests m = Kustomize.render(overlay);
    for (JsonNode deployment : m.deployments()) {
      for (JsonNode container : containers(deployment)) {
        String image = container.path("image").asText();
        String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1);
        assertTrue(tag.equals("digest") || tag.contains(":"), overlay + ": image without a tag: " + image);
        assertFalse(tag.endsWith(":latest"), overlay + ": image on :latest: " + image);
      }
    }
  }
}
