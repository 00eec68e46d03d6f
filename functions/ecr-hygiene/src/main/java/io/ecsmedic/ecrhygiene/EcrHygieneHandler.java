package io.ecsmedic.ecrhygiene;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.ecr.EcrHygiene;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.json.Json;
import io.ecsmedic.signing.ApprovalLinks;
import io.ecsmedic.snapstart.SnapStartHooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The ECR hygiene function (template.yaml EcrHygieneFunction). Called by its schedule it makes one
 * {@link EcrHygieneRun} (the dry run, its report, and the cleanup workflow when deletes with
 * approval are enabled); called by that workflow with {@code {"step": ..., "runId": ...}} it runs
 * one of its steps ({@link CleanupSteps}).
 */
public final class EcrHygieneHandler implements RequestStreamHandler {
  private final EcrHygiene hygiene;
  private final EcrHygieneRun scheduled;
  private final Optional<CleanupSteps> cleanup;

  /** Kept so the runtime's CRaC context, which may hold it weakly, still calls it. */
  private final SnapStartHooks snapStart;

  /** The Lambda runtime's constructor. */
  public EcrHygieneHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public EcrHygieneHandler(Map<String, String> env) {
    this(EcrHygieneSettings.fromEnv(env), Clock.systemUTC());
  }

  private EcrHygieneHandler(EcrHygieneSettings s, Clock clock) {
    this(s, AwsClientFactory.standard(s.aws()), clock);
  }

  /** The deployed configuration over a given client factory (the SnapStart priming tests'). */
  EcrHygieneHandler(EcrHygieneSettings s, AwsClientFactory aws, Clock clock) {
    this.hygiene =
        new EcrHygiene(
            aws,
            s.account(),
            s.policy(),
            clock,
            AccountTargets.of(aws, s.members(), "ecs-medic-ecr-hygiene"));
    SnsClient sns = aws.client(SnsClient.class, SnsClient::builder);
    this.cleanup = s.cleanup().map(c -> cleanupSteps(c, aws, sns, clock));
    this.scheduled = new EcrHygieneRun(hygiene, new AlertTopic(sns, s.alertTopicArn()), cleanup);
    this.snapStart =
        SnapStartHooks.register(
            new EcrHygienePriming(s.policy())::prime, SnapStartHooks.NOTHING_TO_REFRESH);
  }

  /** The SnapStart hooks, for the tests that run them. */
  SnapStartHooks snapStart() {
    return snapStart;
  }

  private static CleanupSteps cleanupSteps(
      EcrHygieneSettings.Cleanup c, AwsClientFactory aws, SnsClient sns, Clock clock) {
    return new CleanupSteps(
        new AuditTable(aws.client(DynamoDbClient.class, DynamoDbClient::builder), c.auditTable()),
        aws.client(SfnClient.class, SfnClient::builder),
        new AlertTopic(sns, c.alertTopicArn()),
        c.stateMachineArn(),
        c.approvalBaseUrl(),
        () ->
            aws.client(SecretsManagerClient.class, SecretsManagerClient::builder)
                .getSecretValue(r -> r.secretId(c.linkSecretArn()))
                .secretString(),
        c.approvalWindow(),
        c.auditRetention(),
        clock);
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    JsonNode request = request(in.readAllBytes());
    out.write(
        Json.MAPPER.writeValueAsBytes(
            PowertoolsLogging.withLogging(context, () -> handle(request))));
  }

  /** The schedule's input is not ours to interpret: anything but a step is a scheduled run. */
  private static JsonNode request(byte[] bytes) {
    try {
      JsonNode node = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
      return node != null && node.isObject() ? node : Json.MAPPER.createObjectNode();
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  /** A scheduled run, or one step of the cleanup workflow. */
  private JsonNode handle(JsonNode request) {
    String step = request.path("step").asText("");
    if (step.isEmpty()) {
      return scheduled.run().result();
    }
    CleanupSteps steps =
        cleanup.orElseThrow(
            () -> new IllegalStateException("step " + step + " needs CLEANUP_STATE_MACHINE_ARN"));
    String runId = request.path("runId").asText();
    if (!ApprovalLinks.INCIDENT_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("step " + step + ": not a cleanup run id: " + runId);
    }
    return switch (step) {
      case "requestApproval" -> {
        steps.requestApproval(runId, request.path("taskToken").asText());
        yield Json.MAPPER.createObjectNode().put("requested", true);
      }
      case "delete" -> steps.delete(runId, hygiene::planAgain, hygiene.deleter());
      case "record" -> {
        steps.record(
            runId, request.path("outcome").asText(), request.at("/error/Cause").asText(""));
        yield Json.MAPPER.createObjectNode().put("recorded", true);
      }
      default -> throw new IllegalArgumentException("unknown step '" + step + "'");
    };
  }
}
