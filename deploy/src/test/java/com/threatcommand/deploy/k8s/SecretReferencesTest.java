package com.threatcommand.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatcommand.deploy.k8s.OperatorDocs.Documented;
import com.threatcommand.deploy.k8s.References.Reference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets are never committed: the overlays only name them, and README's "Deploy to Kubernetes"
 * shows the exact command that creates each one (and each ConfigMap an operator must provide).
 */
class SecretReferencesTest {

  static List<String> overlays() {
    return Kustomize.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noOverlayCarriesASecretValue(String overlay) {
    Manifests m = Kustomize.render(overlay);
    assertEquals(List.of(), m.ofKind("Secret").map(Manifests::name).toList(), overlay + " renders Secrets");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyReferencedSecretAndKeyHasItsCreateCommandInTheReadme(String overlay) {
    Manifests m = Kustomize.render(overlay);
    Map<String, Documented> documented = OperatorDocs.objects();
    Set<String> problems = new TreeSet<>();
    for (Reference ref : References.in(m)) {
      if (ref.kind().equals("configmap") && m.find("ConfigMap", ref.name()).isPresent()) {
        if (ref.key() != null && !m.get("ConfigMap", ref.name()).path("data").has(ref.key())) {
          problems.add(ref.where() + ": ConfigMap " + ref.name() + " has no key " + ref.key());
        }
        continue; // rendered by kustomize from committed, non-secret files
      }
      Documented doc = documented.get(ref.kind() + "/" + ref.name());
      if (doc == null) {
        problems.add(ref.where() + " references " + ref.kind() + " " + ref.name() + ", which README does not say how to create");
      } else if (ref.key() != null && !doc.keys().contains(ref.key())) {
        problems.add(ref.where() + " reads key " + ref.key() + " of " + ref.name() + "; README's command creates " + doc.keys());
      }
    }
    assertEquals(Set.of(), problems, overlay);
  }

  @Test
  void everySecretTheReadmeCreatesIsUsedByAnOverlay() {
    Set<String> referenced = new TreeSet<>();
    for (String overlay : Kustomize.overlays()) {
      References.in(Kustomize.render(overlay)).forEach(r -> referenced.add(r.kind() + "/" + r.name()));
    }
    Set<String> documented = new TreeSet<>(OperatorDocs.objects().keySet());
    assertTrue(documented.size() >= 6, "README documents only " + documented);
    documented.removeAll(referenced);
    assertEquals(Set.of(), documented, "README tells operators to create objects nothing uses");
  }

  @Test
  void databaseSecretsAreBasicAuthSoCloudNativePgCanUseThemForItsRoles() {
    Map<String, Documented> documented = OperatorDocs.objects();
    for (String name : List.of("subscription-db", "credentials-db")) {
      Documented secret = documented.get("secret/" + name);
      assertEquals("kubernetes.io/basic-auth", secret.type(), name);
      assertTrue(secret.keys().containsAll(Set.of("username", "password", "jdbc-url")), name + " keys " + secret.keys());
    }
  }
}
