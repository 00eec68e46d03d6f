package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jars template.yaml deploys, as the build leaves them after slimming (tools/jar-slimmer): each
 * within the size budget, and each complete: every class the function's handlers can reach (through
 * class references and descriptors, as the JVM links) is in the jar, and every AWS SDK service
 * class the slimmer kept links with nothing but the jar on the class path. A class the slimmer
 * removed while something still names it, or an SDK module a function uses but its pom.xml forgot
 * (the tests run with every module on the class path, Lambda with the jar alone), fails here rather
 * than in Lambda. ColdStartIT then runs each jar on a real first event.
 *
 * <p>Needs the packaged jars (the reactor's package phase), not the emulator.
 */
class FunctionJarsIT {
  private static final Path ROOT = io.ecsmedic.testing.Fixtures.repositoryRoot();

  /** The budget per function jar, unzipped (docs/performance.md, "Jar sizes"). */
  private static final long MAX_UNZIPPED_BYTES = 100_000_000;

  static List<String> jars() throws IOException {
    return List.copyOf(handlersByJar().keySet());
  }

  /** Each function jar template.yaml deploys, with the handler classes it runs. */
  static Map<String, Set<String>> handlersByJar() throws IOException {
    JsonNode resources = Templates.read(ROOT.resolve("template.yaml")).path("Resources");
    Map<String, Set<String>> jars = new TreeMap<>();
    resources.forEach(
        r -> {
          if (r.path("Type").asText().equals("AWS::Serverless::Function")) {
            JsonNode p = r.path("Properties");
            String handler = p.path("Handler").asText().replaceAll("::.*$", "");
            jars.computeIfAbsent(p.path("CodeUri").asText(), k -> new TreeSet<>()).add(handler);
          }
        });
    assertThat(jars).as("function jars in template.yaml").isNotEmpty();
    return jars;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jars")
  void isWithinTheSizeBudget(String codeUri) throws IOException {
    long unzipped = 0;
    try (ZipFile zip = new ZipFile(built(codeUri).toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        unzipped += Math.max(0, e.getSize());
      }
    }
    assertThat(unzipped)
        .as("%s unzipped bytes (Lambda's limit is 250 MB; ours is 100 MB)", codeUri)
        .isLessThanOrEqualTo(MAX_UNZIPPED_BYTES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jars")
  void everythingItsHandlersCanReachIsInTheJar(String codeUri) throws Exception {
    Path jar = built(codeUri);
    Path slimmer = ROOT.resolve("tools/jar-slimmer/target/classes");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                slimmer.toString(),
                "io.ecsmedic.tools.JarSlimmer",
                "--missing",
                jar.toString()));
    command.addAll(handlersByJar().get(codeUri));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> missing = new String(process.getInputStream().readAllBytes()).lines().toList();
    assertThat(process.waitFor()).as("jar-slimmer --missing: %s", missing).isZero();

    assertThat(missing.stream().filter(line -> !optional(line)))
        .as(
            "classes the handlers of %s link against that the jar lacks (class <- referrer)",
            codeUri)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jars")
  void everySdkServiceClassItKeepsLinks(String codeUri) throws Exception {
    Path jar = built(codeUri);
    List<String> broken = new ArrayList<>();
    int checked = 0;
    try (ZipFile zip = new ZipFile(jar.toFile());
        URLClassLoader loader =
            new URLClassLoader(
                new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        String path = e.getName();
        if (!path.endsWith(".class") || !path.startsWith("software/amazon/awssdk/services/")) {
          continue;
        }
        String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
        checked++;
        try {
          // Linked and initialised: a generated class's static state is only its field list.
          Class.forName(name, true, loader).getDeclaredMethods();
        } catch (ExceptionInInitializerError ignored) {
          // Linked: initialisation failing outside Lambda is not what this test is about.
        } catch (LinkageError | ClassNotFoundException failure) {
          if (!optional(String.valueOf(failure.getMessage()))) {
            broken.add(name + ": " + failure);
          }
        }
      }
    }
    assertThat(checked).as("SDK service classes in %s", codeUri).isGreaterThan(100);
    assertThat(broken).as("SDK service classes of %s that do not link", codeUri).isEmpty();
  }

  /**
   * What no function ships on purpose: the AWS CRT (an optional SDK dependency; the url-connection
   * client is used) and AspectJ (Powertools' annotation API; ecs-medic uses its functional API).
   * The SDK and Powertools reach them only when they are chosen.
   */
  private static boolean optional(String missing) {
    return missing.contains("software/amazon/awssdk/crt") || missing.startsWith("org/aspectj/");
  }

  private static Path built(String codeUri) {
    Path jar = ROOT.resolve(codeUri);
    assertThat(Files.isRegularFile(jar))
        .as("%s is built (./mvnw package, or make test, builds it)", codeUri)
        .isTrue();
    return jar;
  }
}
