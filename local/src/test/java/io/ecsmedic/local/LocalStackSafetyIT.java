package io.ecsmedic.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** The local stack cannot fake success and listens on loopback only. */
class LocalStackSafetyIT {
  private static final LocalAws AWS = LocalAws.fromEnv(System.getenv());

  @BeforeAll
  static void cleanEmulator() throws Exception {
    assertThat(AWS.healthy()).as("emulator at " + AWS.endpoint()).isTrue();
    AWS.reset();
  }

  @Test
  void anUnproxiedJavaFunctionFailsLoudlyInsteadOfFakingSuccess() throws Exception {
    LambdaClient lambda = AWS.client(LambdaClient.builder());
    SdkBytes code = SdkBytes.fromByteArray(tinyZip());
    // Under IAM enforcement Lambda refuses a function whose role does not exist.
    AWS.client(IamClient.builder())
        .createRole(
            r ->
                r.roleName("unused")
                    .assumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}"));
    lambda.createFunction(
        r ->
            r.functionName("unproxied-java")
                .runtime(Runtime.JAVA21)
                .handler("io.ecsmedic.triage.TriageHandler::handleRequest")
                .role("arn:aws:iam::" + LocalAws.ACCOUNT + ":role/unused")
                .code(c -> c.zipFile(code)));

    InvokeResponse response =
        lambda.invoke(r -> r.functionName("unproxied-java").payload(SdkBytes.fromUtf8String("{}")));

    assertThat(response.functionError()).as("LAMBDA_STRICT=1 must not fake success").isNotBlank();
    assertThat(response.payload().asUtf8String()).doesNotContain("Mock response");
  }

  @Test
  void theEmulatorListensOnLoopbackOnly() throws Exception {
    Path state = Fixtures.ROOT.resolve(".local/ministack-" + AWS.endpoint().getPort() + ".state");
    assertThat(state).as("started by scripts/local-aws.sh").exists();
    long pid =
        Long.parseLong(
            Files.readAllLines(state).stream()
                .filter(l -> l.startsWith("pid="))
                .findFirst()
                .orElseThrow()
                .substring(4));

    List<String> listening = listeningAddressesOf(pid);

    assertThat(listening).isNotEmpty();
    assertThat(listening).allMatch(a -> a.startsWith("127.") || a.equals("::1"), "loopback only");
  }

  @Test
  void theLocalLambdaHostListensOnLoopbackOnly() throws Exception {
    try (LocalLambdaHost host = LocalLambdaHost.start(AWS, Map.of())) {
      assertThat(host.baseUrl().getHost()).isEqualTo("127.0.0.1");
    }
  }

  /** The local addresses of the LISTEN sockets the process holds (from /proc). */
  private static List<String> listeningAddressesOf(long pid) throws Exception {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        String target = Files.readSymbolicLink(fd).toString();
        if (target.startsWith("socket:[")) {
          inodes.add(target.substring(8, target.length() - 1));
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table)); // read once: the table changes
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A = LISTEN
          out.add(address(f[1].split(":")[0]));
        }
      }
    }
    return out;
  }

  /** /proc/net hex address (little-endian words) → printable address. */
  private static String address(String hex) {
    if (hex.length() == 8) {
      return Integer.parseInt(hex.substring(6, 8), 16)
          + "."
          + Integer.parseInt(hex.substring(4, 6), 16)
          + "."
          + Integer.parseInt(hex.substring(2, 4), 16)
          + "."
          + Integer.parseInt(hex.substring(0, 2), 16);
    }
    if (hex.equals("00000000000000000000000001000000")) {
      return "::1";
    }
    if (hex.startsWith("0000000000000000FFFF0000")) { // IPv4-mapped
      return address(hex.substring(24));
    }
    return hex.equals("00000000000000000000000000000000") ? "::" : hex;
  }

  private static byte[] tinyZip() throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("README.txt"));
      zip.write("not a real function".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
