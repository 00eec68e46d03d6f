package io.ecsmedic.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Slims a jar made like a function's: the real SNS SDK module plus a caller that uses two of its
 * forty-odd operations, one by a call and one by a method reference. Then runs the slimmed client
 * against a local HTTP server, so a class the slimmer wrongly removed fails the test as it would
 * fail the function: at link time, or when the response is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JarSlimmerTest {
  private static final String SNS = "software/amazon/awssdk/services/sns/";

  private static final String CALLER =
      """
      package fixture;

      import java.net.URI;
      import java.util.function.Supplier;
      import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
      import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
      import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
      import software.amazon.awssdk.regions.Region;
      import software.amazon.awssdk.services.sns.SnsClient;
      import software.amazon.awssdk.services.sns.model.ListTopicsResponse;

      public final class Caller {
        public static String publish(String endpoint) {
          try (SnsClient sns = client(endpoint)) {
            return sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:123456789012:t").message("m"))
                .messageId();
          }
        }

        /** Refers to listTopics by a method reference only. */
        public static Supplier<ListTopicsResponse> topics(SnsClient sns) {
          return sns::listTopics;
        }

        private static SnsClient client(String endpoint) {
          return SnsClient.builder()
              .endpointOverride(URI.create(endpoint))
              .region(Region.US_EAST_1)
              .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
        }
      }
      """;

  private Path snsJar;
  private Path slim;
  private JarSlimmer.Result result;
  private Set<String> before;
  private Set<String> after;
  private HttpServer server;

  @BeforeAll
  void buildAndSlim(@TempDir Path work) throws Exception {
    snsJar = Path.of(SnsClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path source = work.resolve("src/fixture/Caller.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, CALLER);
    Path classes = work.resolve("classes");
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "--release",
                "21",
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                source.toString());
    assertThat(status).as("the fixture compiles").isZero();

    slim = work.resolve("function.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(slim));
        JarFile sdk = new JarFile(snsJar.toFile())) {
      for (JarEntry entry : Collections.list(sdk.entries())) {
        out.putNextEntry(new JarEntry(entry.getName()));
        sdk.getInputStream(entry).transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("fixture/Caller.class"));
      out.write(Files.readAllBytes(classes.resolve("fixture/Caller.class")));
      out.closeEntry();
    }
    before = classNames(slim);
    result = JarSlimmer.slim(slim, slim);
    after = classNames(slim);

    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", JarSlimmerTest::publishResponse);
    server.start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void keepsTheOperationsInUseAndTheirShapesAndRemovesTheRest() {
    assertThat(after)
        .contains(
            SNS + "model/PublishRequest",
            SNS + "model/PublishResponse",
            SNS + "transform/PublishRequestMarshaller",
            SNS + "model/ListTopicsRequest",
            SNS + "model/ListTopicsResponse",
            SNS + "model/Topic")
        .doesNotContain(
            SNS + "model/CreateTopicRequest",
            SNS + "model/SubscribeRequest",
            SNS + "transform/CreateTopicRequestMarshaller",
            SNS + "paginators/ListTopicsIterable");
    assertThat(result.classesAfter()).isEqualTo(after.size()).isLessThan(before.size() / 2);
    assertThat(result.bytesAfter()).isLessThan(result.bytesBefore() / 2);
  }

  @Test
  void rewritesTheClientsWithoutTheUnusedOperations() throws IOException {
    Set<String> methods = methods(SNS + "DefaultSnsClient");
    assertThat(methods).contains("publish", "listTopics", "serviceName", "close");
    assertThat(methods).doesNotContain("createTopic", "subscribe", "listTopicsPaginator");
    assertThat(methods(SNS + "SnsClient")).contains("publish", "builder", "create");
    assertThat(methods(SNS + "SnsClient")).doesNotContain("createTopic");
  }

  @Test
  void keepsEveryClassThatIsNotGeneratedServiceCode() {
    Set<String> outsideTheGeneratedPackages =
        before.stream().filter(name -> !JarSlimmer.removable(name)).collect(Collectors.toSet());
    assertThat(after).containsAll(outsideTheGeneratedPackages);
  }

  @Test
  void theSlimmedClientStillLinksAndPublishes() throws Exception {
    List<URL> path = new ArrayList<>();
    path.add(slim.toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!Path.of(entry).equals(snsJar)) {
        path.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Object messageId =
          loader
              .loadClass("fixture.Caller")
              .getMethod("publish", String.class)
              .invoke(null, "http://127.0.0.1:" + server.getAddress().getPort());
      assertThat(messageId).isEqualTo("slimmed-1");
    }
  }

  @Test
  void namesWhatCodeReachableFromAnEntryLinksAgainstAndTheJarLacks(@TempDir Path work)
      throws IOException {
    Path callerOnly = work.resolve("caller-only.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(callerOnly));
        JarFile full = new JarFile(slim.toFile())) {
      out.putNextEntry(new JarEntry("fixture/Caller.class"));
      out.write(full.getInputStream(full.getEntry("fixture/Caller.class")).readAllBytes());
      out.closeEntry();
    }

    assertThat(JarSlimmer.missing(callerOnly, List.of("fixture.Caller")))
        .contains(
            SNS + "SnsClient <- fixture/Caller", SNS + "model/ListTopicsResponse <- fixture/Caller")
        .noneMatch(line -> line.startsWith("java/"));
    assertThat(JarSlimmer.missing(slim, List.of("fixture.Caller")))
        .as("the slimmed jar lacks only the SDK core, which this fixture jar never had")
        .noneMatch(line -> line.startsWith(SNS));
  }

  private static void publishResponse(com.sun.net.httpserver.HttpExchange exchange)
      throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] body =
        """
        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishResult><MessageId>slimmed-1</MessageId></PublishResult>
          <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
        </PublishResponse>
        """
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/xml");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private Set<String> methods(String className) throws IOException {
    try (JarFile jar = new JarFile(slim.toFile())) {
      byte[] bytes = jar.getInputStream(jar.getEntry(className + ".class")).readAllBytes();
      ClassModel model = ClassFile.of().parse(bytes);
      return model.methods().stream()
          .map(m -> m.methodName().stringValue())
          .collect(Collectors.toSet());
    }
  }

  private static Set<String> classNames(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
          .map(n -> n.substring(0, n.length() - ".class".length()))
          .collect(Collectors.toSet());
    }
  }
}
