package com.threatcommand.gateway.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client generator produces a client that works: the gateway's live /openapi document goes
 * through openapi-generator (Java, native HTTP client, Jackson), the generated sources are compiled
 * and the compiled client calls the running stack as an admin and as an integrator.
 */
class GeneratedClientIT {
  static final String PACKAGE = "com.threatcommand.generated";
  static Stack stack;
  static URLClassLoader client;

  @BeforeAll
  static void generateAndCompile() throws Exception {
    stack = Stack.get();
    await().atMost(Duration.ofSeconds(20)).until(() -> given().baseUri(stack.gateway()).get("/openapi").statusCode() == 200);
    Path dir = stack.work.resolve("generated-client");
    deleteRecursively(dir);
    Files.createDirectories(dir);
    Path spec = dir.resolve("openapi.json");
    Files.writeString(spec, given().baseUri(stack.gateway()).get("/openapi").asString());

    Path cli = Path.of("target/e2e-tools/openapi-generator-cli.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(cli), "openapi-generator-cli.jar is copied by the build (pre-integration-test)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process generator =
        new ProcessBuilder(
                java, "-jar", cli.toString(), "generate",
                "-g", "java", "--library", "native",
                "-i", spec.toString(), "-o", dir.resolve("out").toString(),
                "--api-package", PACKAGE + ".api",
                "--model-package", PACKAGE + ".model",
                "--invoker-package", PACKAGE + ".invoker",
                "--additional-properties",
                "useJakartaEe=true,openApiNullable=false,annotationLibrary=none,hideGenerationTimestamp=true,useBeanValidation=false",
                "--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("generator.log").toFile())
            .start();
    assertTrue(generator.waitFor(180, TimeUnit.SECONDS), "the generator did not finish");
    assertEquals(0, generator.exitValue(), "the generator failed:\n" + Files.readString(dir.resolve("generator.log")));

    List<String> sources;
    try (Stream<Path> files = Files.walk(dir.resolve("out/src/main/java"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    String classpath =
        String.join(
            File.pathSeparator,
            location(ObjectMapper.class),
            location(JsonProperty.class),
            location(com.fasterxml.jackson.core.JsonParser.class),
            location(JavaTimeModule.class),
            location(jakarta.annotation.Generated.class));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classpath, "-nowarn", "-proc:none"));
    args.addAll(sources);
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int result = compiler.run(null, null, errors, args.toArray(String[]::new));
    assertEquals(0, result, "the generated client does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    client = new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedClientIT.class.getClassLoader());
  }

  static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A generated ApiClient pointed at the gateway, sending this Authorization header. */
  static Object apiClient(String authorization) throws Exception {
    Class<?> type = client.loadClass(PACKAGE + ".invoker.ApiClient");
    Object apiClient = type.getConstructor().newInstance();
    type.getMethod("updateBaseUri", String.class).invoke(apiClient, stack.gateway());
    Consumer<HttpRequest.Builder> auth = builder -> builder.header("Authorization", authorization);
    type.getMethod("setRequestInterceptor", Consumer.class).invoke(apiClient, auth);
    return apiClient;
  }

  /** Calls the generated operation with this operationId, whichever API class it landed in. */
  static Object call(Object apiClient, String operationId, Object... args) throws Exception {
    Path api = stack.work.resolve("generated-client/classes/" + (PACKAGE + ".api").replace('.', '/'));
    try (Stream<Path> files = Files.list(api)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith("Api.class")) {
          continue;
        }
        Class<?> type = client.loadClass(PACKAGE + ".api." + name.substring(0, name.length() - 6));
        for (Method method : type.getMethods()) {
          if (method.getName().equals(operationId) && method.getParameterCount() == args.length) {
            Object instance = type.getConstructor(apiClient.getClass()).newInstance(apiClient);
            try {
              return method.invoke(instance, args);
            } catch (InvocationTargetException e) {
              throw (Exception) e.getCause();
            }
          }
        }
      }
    }
    throw new AssertionError("No generated operation " + operationId);
  }

  static Object property(Object model, String getter) throws Exception {
    return model.getClass().getMethod(getter).invoke(model);
  }

  @Test
  void theGeneratedClientWorksForAnAdminAndAnIntegrator() throws Exception {
    String account = Tenants.newAccount();
    Tenants.provision(stack, account);
    Object admin = apiClient("Bearer " + Tenants.admin(stack, account));

    Object subscription = call(admin, "getSubscription");
    assertEquals(account, property(subscription, "getAccountId"));

    Object created = call(admin, "generateKey", "api-key");
    String key = (String) property(created, "getKey");
    assertTrue(key.startsWith("tcak_"));

    Object integrator =
        apiClient(Tenants.basic(account, key));
    Object own = call(integrator, "getAccountSubscription");
    assertEquals(account, property(own, "getAccountId"));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Boolean> modules =
        (java.util.Map<String, Boolean>) call(integrator, "getSystemModules");
    assertEquals(8, modules.size());
    assertTrue(modules.containsKey("Discovery"));
    call(integrator, "testApiCredentials");

    // errors arrive as the generated ApiException with the status
    Object stranger = apiClient(Tenants.basic(account, "tcak_nope"));
    try {
      call(stranger, "getAccountSubscription");
      throw new AssertionError("a wrong key was accepted");
    } catch (Exception e) {
      assertEquals(PACKAGE + ".invoker.ApiException", e.getClass().getName());
      assertEquals(401, e.getClass().getMethod("getCode").invoke(e));
    }
  }
}
