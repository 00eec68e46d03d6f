package io.ecsmedic.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Deploys the real template.yaml through CloudFormation, the way {@code sam package} + {@code sam
 * deploy} would: every local {@code CodeUri} / {@code DefinitionUri} is uploaded to S3 and its line
 * rewritten to the {@code s3://} location; the SAM transform runs in the emulator. Nothing else in
 * the template is touched, so what is tested is what ships.
 */
public final class StackDeployer {
  private static final Pattern LOCAL_URI =
      Pattern.compile("(?m)^(\\s+)(CodeUri|DefinitionUri):[ \\t]*([^\\s#]+)[ \\t]*$");
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  /** A deployed stack: its outputs and its resources' physical ids by logical id. */
  public record Deployment(
      String stackName, Map<String, String> outputs, Map<String, String> resources) {
    public String output(String key) {
      String v = outputs.get(key);
      if (v == null) {
        throw new IllegalStateException("stack " + stackName + " has no output " + key);
      }
      return v;
    }
  }

  private final CloudFormationClient cloudFormation;
  private final S3Client s3;
  private final Path root;
  private final String bucket;

  public StackDeployer(CloudFormationClient cloudFormation, S3Client s3, Path root, String bucket) {
    this.cloudFormation = cloudFormation;
    this.s3 = s3;
    this.root = root;
    this.bucket = bucket;
  }

  /** Packages and creates the stack, waiting until it is complete (or failing with the reasons). */
  public Deployment deploy(String stackName, Map<String, String> parameters)
      throws IOException, InterruptedException {
    String templateUrl = uploaded(packaged(Files.readString(root.resolve("template.yaml"))));
    cloudFormation.createStack(
        r ->
            r.stackName(stackName)
                .templateURL(templateUrl)
                .capabilities(
                    Capability.CAPABILITY_IAM,
                    Capability.CAPABILITY_NAMED_IAM,
                    Capability.CAPABILITY_AUTO_EXPAND)
                .parameters(
                    parameters.entrySet().stream()
                        .map(
                            e ->
                                Parameter.builder()
                                    .parameterKey(e.getKey())
                                    .parameterValue(e.getValue())
                                    .build())
                        .toList()));
    Stack stack = awaitCompletion(stackName);
    Map<String, String> outputs = new LinkedHashMap<>();
    stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
    Map<String, String> resources = new LinkedHashMap<>();
    for (StackResource r :
        cloudFormation.describeStackResources(b -> b.stackName(stackName)).stackResources()) {
      resources.put(r.logicalResourceId(), r.physicalResourceId());
    }
    return new Deployment(stackName, outputs, resources);
  }

  public void delete(String stackName) {
    cloudFormation.deleteStack(r -> r.stackName(stackName));
  }

  /** The template with every local artefact uploaded and its URI rewritten to S3. */
  String packaged(String template) throws IOException {
    try {
      s3.createBucket(r -> r.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException e) {
      // the same bucket from an earlier run: reuse it
    }
    Matcher m = LOCAL_URI.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String uri = m.group(3);
      String replacement = uri;
      if (!uri.startsWith("s3://")) {
        Path artefact = root.resolve(uri);
        if (!Files.isRegularFile(artefact)) {
          throw new IOException(
              m.group(2) + " " + uri + " does not exist; build first (./mvnw -B package)");
        }
        byte[] bytes = Files.readAllBytes(artefact);
        String key = sha256(bytes).substring(0, 16) + "/" + artefact.getFileName();
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        replacement = "s3://" + bucket + "/" + key;
      }
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + m.group(2) + ": " + replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The packaged template uploaded next to the artefacts, as {@code sam deploy} does: a request may
   * carry at most 51,200 bytes of template body, a template in S3 may have 1 MB.
   */
  private String uploaded(String template) {
    byte[] bytes = template.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String key = sha256(bytes).substring(0, 16) + "/template.yaml";
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    return "https://s3.amazonaws.com/" + bucket + "/" + key;
  }

  private Stack awaitCompletion(String stackName) throws InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().getFirst();
      StackStatus status = stack.stackStatus();
      if (status == StackStatus.CREATE_COMPLETE || status == StackStatus.UPDATE_COMPLETE) {
        return stack;
      }
      if (status.toString().endsWith("FAILED") || status.toString().contains("ROLLBACK")) {
        throw new IllegalStateException(
            "stack " + stackName + " is " + status + ": " + failureReasons(stackName));
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("stack " + stackName + " not complete after " + TIMEOUT);
  }

  private String failureReasons(String stackName) {
    List<StackEvent> events =
        cloudFormation.describeStackEvents(r -> r.stackName(stackName)).stackEvents();
    StringBuilder b = new StringBuilder();
    for (StackEvent e : events) {
      if (e.resourceStatusReason() != null && e.resourceStatusAsString().contains("FAILED")) {
        b.append(e.logicalResourceId()).append(": ").append(e.resourceStatusReason()).append("; ");
      }
    }
    return b.isEmpty() ? "no reason given" : b.toString();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
