package io.ecsmedic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.local.iam.CallLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One clean deployment of ecs-medic in the local emulator, shared by the demo and the end-to-end
 * tests: resets the emulator, starts the Lambda host, deploys template.yaml, and subscribes an
 * "inbox" queue to the alert topic the way an on-call integration would.
 *
 * <p>Events are injected with the source {@value #TEST_SOURCE}: emulators, like AWS, refuse
 * PutEvents with {@code aws.*} sources, so the stack is deployed with that source added to its
 * rules' source lists (template parameters EcsEventSources and AlarmEventSources).
 */
public final class LocalStackSession implements AutoCloseable {
  public static final String TEST_SOURCE = "ecs-medic.test";

  /** The cluster of the seeded estates (EstateSeeder and the workflow tests). */
  public static final String ESTATE_CLUSTER = "prod";

  /** What PutEvents did with one input: the id EventBridge gave it, or why it was refused. */
  public record Sent(int index, String eventId, String error) {}

  public final LocalAws aws;
  public final EventBridgeClient events;
  public final SqsClient sqs;
  public final SnsClient sns;
  public final LambdaClient lambda;
  public final CloudFormationClient cloudFormation;
  public final S3Client s3;
  public final DynamoDbClient dynamo;
  public final SfnClient sfn;
  public final LocalLambdaHost host;
  public final StackDeployer.Deployment deployment;
  public final String inboxUrl;
  private boolean keepStack;

  private final StackDeployer deployer;
  private final Path root;

  private LocalStackSession(
      LocalAws aws, Path root, String stackName, Map<String, String> extraParameters)
      throws Exception {
    this.aws = aws;
    this.root = root;
    this.events = aws.client(EventBridgeClient.builder());
    this.sqs = aws.client(SqsClient.builder());
    this.sns = aws.client(SnsClient.builder());
    this.lambda = aws.client(LambdaClient.builder());
    this.cloudFormation = aws.client(CloudFormationClient.builder());
    this.s3 = aws.client(S3Client.builder().forcePathStyle(true));
    this.dynamo = aws.client(DynamoDbClient.builder());
    this.sfn = aws.client(SfnClient.builder());
    this.host = LocalLambdaHost.start(aws, aws.lambdaEnvironment());
    this.deployer = new StackDeployer(cloudFormation, s3, root, "ecs-medic-artifacts");
    Map<String, String> parameters = new java.util.HashMap<>();
    // Remediation may change services only in the clusters the operator lists; the estates the
    // tests seed live in this one. A caller's own RemediationClusters wins.
    parameters.put("RemediationClusters", ESTATE_CLUSTER);
    parameters.putAll(extraParameters);
    parameters.put("LocalLambdaProxyBaseUrl", host.baseUrl().toString());
    parameters.put("EcsEventSources", "aws.ecs," + TEST_SOURCE);
    parameters.put("AlarmEventSources", "aws.cloudwatch," + TEST_SOURCE);
    this.deployment = deployer.deploy(stackName, parameters);
    this.inboxUrl = sqs.createQueue(r -> r.queueName(stackName + "-inbox")).queueUrl();
    String inboxArn =
        sqs.getQueueAttributes(
                r -> r.queueUrl(inboxUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String topicArn = deployment.output("AlertTopicArn");
    // As in AWS (and in the emulator under IAM enforcement), SNS delivers to a queue only if the
    // queue's policy lets the topic send.
    sqs.setQueueAttributes(
        r ->
            r.queueUrl(inboxUrl)
                .attributes(Map.of(QueueAttributeName.POLICY, inboxPolicy(inboxArn, topicArn))));
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(inboxArn));
  }

  private static String inboxPolicy(String queueArn, String topicArn) {
    ObjectNode statement =
        Json.MAPPER
            .createObjectNode()
            .put("Effect", "Allow")
            .put("Action", "sqs:SendMessage")
            .put("Resource", queueArn);
    statement.putObject("Principal").put("Service", "sns.amazonaws.com");
    statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
    ObjectNode policy = Json.MAPPER.createObjectNode().put("Version", "2012-10-17");
    policy.putArray("Statement").add(statement);
    return policy.toString();
  }

  /** Resets the emulator and deploys a fresh stack; fails clearly when no emulator answers. */
  public static LocalStackSession open(Path root, String stackName) throws Exception {
    return open(root, stackName, aws -> Map.of());
  }

  /**
   * The same, with extra template parameters made after the reset and before the deployment (for
   * resources the stack only references, such as the Slack webhook secret).
   */
  public static LocalStackSession open(
      Path root,
      String stackName,
      java.util.function.Function<LocalAws, Map<String, String>> prepare)
      throws Exception {
    LocalAws aws = LocalAws.fromEnv(System.getenv());
    if (!aws.healthy()) {
      throw new IllegalStateException(
          "no AWS emulator answers at "
              + aws.endpoint()
              + "; start one with: GATEWAY_PORT="
              + aws.endpoint().getPort()
              + " scripts/local-aws.sh start (after scripts/local-aws.sh install)");
    }
    aws.reset();
    return new LocalStackSession(aws, root, stackName, prepare.apply(aws));
  }

  /** Puts events on the default bus as the test source, keeping detail-type, detail, resources. */
  public List<Sent> putEvents(List<JsonNode> envelopes) {
    return putEvents(envelopes, Duration.ZERO);
  }

  /**
   * The same, spread over {@code over}: a storm "in a minute" arrives over a minute, as ECS emits
   * it, not as one burst the emulator's fixed dispatch pool would have to queue.
   */
  public List<Sent> putEvents(List<JsonNode> envelopes, Duration over) {
    List<Sent> sent = new ArrayList<>();
    long pauseNanos = envelopes.size() <= 10 ? 0 : over.toNanos() / ((envelopes.size() + 9) / 10);
    for (int from = 0; from < envelopes.size(); from += 10) { // PutEvents takes 10 entries
      if (from > 0 && pauseNanos > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
      }
      List<JsonNode> batch = envelopes.subList(from, Math.min(from + 10, envelopes.size()));
      List<PutEventsRequestEntry> entries = new ArrayList<>();
      for (JsonNode e : batch) {
        List<String> resources = new ArrayList<>();
        e.path("resources").forEach(r -> resources.add(r.asText()));
        entries.add(
            PutEventsRequestEntry.builder()
                .source(TEST_SOURCE)
                .detailType(e.path("detail-type").asText())
                .detail(e.path("detail").toString())
                .resources(resources)
                .build());
      }
      PutEventsResponse response = events.putEvents(r -> r.entries(entries));
      for (int i = 0; i < response.entries().size(); i++) {
        PutEventsResultEntry r = response.entries().get(i);
        sent.add(new Sent(from + i, r.eventId(), r.errorCode() == null ? null : r.errorMessage()));
      }
    }
    return sent;
  }

  /**
   * A function's environment as the emulator resolved it from template.yaml, pointed at the
   * emulator (endpoint, region, keys, EMF) and without the proxy URL: for building its handler
   * in-process, with narrow fakes or in a benchmark.
   */
  public Map<String, String> functionEnvironment(String logicalId) {
    String function = deployment.resources().get(logicalId);
    var config = lambda.getFunctionConfiguration(r -> r.functionName(function));
    Map<String, String> env = new HashMap<>();
    if (config.environment() != null && config.environment().variables() != null) {
      env.putAll(config.environment().variables());
    }
    env.remove("MINISTACK_LAMBDA_PROXY_URL");
    env.putAll(aws.lambdaEnvironment());
    return env;
  }

  /** Invokes a function of the stack by its logical id; its JSON result. */
  public JsonNode invoke(String logicalId, String payload) throws IOException {
    String function = deployment.resources().get(logicalId);
    return Json.MAPPER.readTree(
        lambda
            .invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)))
            .payload()
            .asByteArray());
  }

  /**
   * Invokes a function as its function URL would (payload format 2.0): the emulator creates
   * function URLs but does not serve them. The result is {@code {statusCode, headers, body}}.
   */
  public JsonNode invokeFunctionUrl(
      String logicalId,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      String sourceIp)
      throws IOException {
    ObjectNode event =
        Json.MAPPER
            .createObjectNode()
            .put("version", "2.0")
            .put("rawPath", path)
            .put("rawQueryString", "")
            .put("body", body)
            .put("isBase64Encoded", false);
    ObjectNode h = event.putObject("headers");
    headers.forEach(h::put);
    event
        .putObject("requestContext")
        .putObject("http")
        .put("method", method)
        .put("sourceIp", sourceIp);
    return invoke(logicalId, event.toString());
  }

  /** The execution once it has left RUNNING, or as it is when {@code max} has passed. */
  public DescribeExecutionResponse awaitExecution(String executionArn, Duration max)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(max);
    DescribeExecutionResponse run;
    do {
      run = sfn.describeExecution(r -> r.executionArn(executionArn));
      if (run.status() != ExecutionStatus.RUNNING) {
        return run;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    return run;
  }

  /** Alert notifications (the SNS envelope's Message, parsed) until quiet or the deadline. */
  public List<JsonNode> alerts(int atLeast, Duration max) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode envelope : drain(inboxUrl, atLeast, max)) {
      out.add(Json.MAPPER.readTree(envelope.path("Message").asText()));
    }
    return out;
  }

  /** Messages parked on the triage dead-letter queue, parsed. */
  public List<JsonNode> deadLetters(int atLeast, Duration max) throws IOException {
    return drain(deployment.output("TriageDeadLetterQueueUrl"), atLeast, max);
  }

  /**
   * Receives until at least {@code atLeast} messages arrived and the queue then stayed quiet for a
   * second, or {@code max} passed. With {@code atLeast} 0 it proves silence for the quiet period.
   */
  private List<JsonNode> drain(String queueUrl, int atLeast, Duration max) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(max);
    Instant quietSince = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      List<Message> batch =
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      for (Message m : batch) {
        out.add(Json.MAPPER.readTree(m.body()));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
      if (!batch.isEmpty()) {
        quietSince = Instant.now();
      } else if (out.size() >= atLeast
          && Duration.between(quietSince, Instant.now()).compareTo(Duration.ofSeconds(1)) >= 0) {
        break;
      }
    }
    return out;
  }

  /** Every item of the audit table whose pk starts with the prefix (e.g. CLUSTER#, INCIDENT#). */
  public List<Map<String, AttributeValue>> auditItems(String pkPrefix) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    String table = deployment.output("AuditTableName");
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = dynamo.scan(r -> r.tableName(table).exclusiveStartKey(from));
      for (Map<String, AttributeValue> item : page.items()) {
        if (item.get("pk").s().startsWith(pkPrefix)) {
          out.add(item);
        }
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return out;
  }

  /**
   * Logs the AWS actions the stack's functions called (for docs/iam.md, {@link CallLog}), deletes
   * the stack and stops the host; the emulator itself keeps running.
   */
  @Override
  public void close() {
    try {
      Map<String, String> logicalIdOf = new java.util.HashMap<>();
      cloudFormation
          .describeStackResources(r -> r.stackName(deployment.stackName()))
          .stackResources()
          .stream()
          .filter(r -> "AWS::Lambda::Function".equals(r.resourceType()))
          .forEach(r -> logicalIdOf.put(r.physicalResourceId(), r.logicalResourceId()));
      CallLog.write(root, deployment.stackName(), logicalIdOf);
      if (!keepStack) {
        deployer.delete(deployment.stackName());
      }
    } finally {
      host.close();
    }
  }

  /**
   * Leave the stack and everything it wrote in the emulator when this session closes (make try):
   * the table, topic and state machines stay for the CLI; the local Lambda host still stops.
   */
  public void keepStackOnClose() {
    keepStack = true;
  }
}
