package com.threatcommand.deploy.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What README's "Deploy to Kubernetes" section tells an operator to create: each {@code kubectl
 * create secret ...} and {@code kubectl create configmap ...} command, with the keys it puts in.
 * The manifests may only reference Secrets (and operator-made ConfigMaps) that appear here.
 */
final class OperatorDocs {
  /** A documented object: its kind ("secret" or "configmap"), name, type and keys. */
  record Documented(String kind, String name, String type, Set<String> keys) {}

  private static final Pattern CREATE =
      Pattern.compile(
          "kubectl\\s+(?:-n\\s+\\S+\\s+)?create\\s+(secret\\s+(generic|tls|docker-registry)|configmap)"
              + "\\s+([a-z0-9][a-z0-9.-]*)(.*)");
  private static final Pattern KEY = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=");
  private static final Pattern TYPE = Pattern.compile("--type=(\\S+)");

  private OperatorDocs() {}

  /** The README's section from "## Deploy to Kubernetes" to the next "## " heading. */
  static String section() {
    try {
      String readme = Files.readString(Kustomize.repositoryRoot().resolve("README.md"));
      int start = readme.indexOf("## Deploy to Kubernetes");
      if (start < 0) {
        throw new AssertionError("README.md has no \"## Deploy to Kubernetes\" section");
      }
      int end = readme.indexOf("\n## ", start + 3);
      return readme.substring(start, end < 0 ? readme.length() : end);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Documented objects by kind and name ("secret/gateway-tls"); keys merged over all commands. */
  static Map<String, Documented> objects() {
    Map<String, Documented> found = new TreeMap<>();
    String joined = section().replace("\\\n", " ");
    for (String line : joined.split("\n")) {
      Matcher create = CREATE.matcher(line);
      if (!create.find()) {
        continue;
      }
      String kind = create.group(1).startsWith("secret") ? "secret" : "configmap";
      String secretType = create.group(2);
      String name = create.group(3);
      String rest = create.group(4);
      Set<String> keys = new TreeSet<>();
      Matcher key = KEY.matcher(rest);
      while (key.find()) {
        keys.add(key.group(1));
      }
      String type = kind;
      if ("tls".equals(secretType)) {
        type = "kubernetes.io/tls";
        keys.add("tls.crt");
        keys.add("tls.key");
      } else {
        Matcher t = TYPE.matcher(rest);
        if (t.find()) {
          type = t.group(1);
        }
      }
      String id = kind + "/" + name;
      Documented previous = found.get(id);
      if (previous != null) {
        keys.addAll(previous.keys());
      }
      found.put(id, new Documented(kind, name, type, keys));
    }
    return found;
  }
}
