package io.ecsmedic.ecrhygiene;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.config.Env;
import io.ecsmedic.ecr.EcrImage;
import io.ecsmedic.ecr.HygienePlanner;
import io.ecsmedic.ecr.HygienePolicy;
import io.ecsmedic.ecr.HygieneReport;
import io.ecsmedic.ecr.InUse;
import io.ecsmedic.ecr.RepositoryPlan;
import io.ecsmedic.json.Json;
import io.ecsmedic.signing.ApprovalLinks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The scheduled ECR hygiene job (template.yaml EcrHygieneFunction), a dry run: what is in use, what
 * the registry holds, and the plan of what could go and why, with the bytes it would save. It
 * deletes nothing. The report goes to the alert topic ({@code kind} = ecr-hygiene) when there is
 * something to delete, and is the function's result.
 */
public final class EcrHygieneHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EcrHygieneHandler.class);

  private final InUseCollector inUse;
  private final EcrInventory inventory;
  private final ImageDeleter deleter;
  private final CleanupSteps cleanup;
  private final HygienePolicy policy;
  private final AlertTopic topic;
  private final String topicArn;
  private final Clock clock = Clock.systemUTC();

  /** The Lambda runtime's constructor. */
  public EcrHygieneHandler() {
    this(System.getenv());
  }

  /**
   * The local Lambda host's constructor (and the CLI's): the environment template.yaml declares.
   */
  public EcrHygieneHandler(Map<String, String> env) {
    AwsSettings aws = AwsSettings.fromEnv(env);
    String account = Env.required(env, "ACCOUNT_ID");
    this.inUse =
        new InUseCollector(
            client(EcsClient.builder(), aws),
            client(EventBridgeClient.builder(), aws),
            client(SchedulerClient.builder(), aws),
            client(LambdaClient.builder(), aws),
            account,
            aws.region());
    EcrClient ecr = client(EcrClient.builder(), aws);
    this.inventory = new EcrInventory(ecr);
    this.deleter = new ImageDeleter(ecr);
    this.policy = policy(env);
    SnsClient sns = client(SnsClient.builder(), aws);
    this.topicArn = env.getOrDefault("ALERT_TOPIC_ARN", "");
    this.topic = new AlertTopic(sns, topicArn);
    String stateMachine = env.getOrDefault("CLEANUP_STATE_MACHINE_ARN", "");
    if (stateMachine.isBlank()) {
      this.cleanup = null;
    } else {
      SecretsManagerClient secrets = client(SecretsManagerClient.builder(), aws);
      String linkSecretArn = env.getOrDefault("APPROVAL_LINK_SECRET_ARN", "");
      this.cleanup =
          new CleanupSteps(
              new AuditTable(
                  client(DynamoDbClient.builder(), aws), Env.required(env, "AUDIT_TABLE_NAME")),
              client(SfnClient.builder(), aws),
              new AlertTopic(sns, Env.required(env, "ALERT_TOPIC_ARN")),
              stateMachine,
              linkSecretArn.isBlank() ? "" : env.getOrDefault("APPROVAL_BASE_URL", ""),
              () -> secrets.getSecretValue(r -> r.secretId(linkSecretArn)).secretString(),
              Duration.ofSeconds(Env.number(env, "APPROVAL_TIMEOUT_SECONDS", 3600, 1)),
              clock);
    }
  }

  /**
   * The hygiene policy from KEEP_NEWEST_TAGGED, KEEP_PUSHED_WITHIN_DAYS and the pull-through
   * settings.
   */
  static HygienePolicy policy(Map<String, String> env) {
    return new HygienePolicy(
        (int) Env.number(env, "KEEP_NEWEST_TAGGED", 10, 0),
        Duration.ofDays((int) Env.number(env, "KEEP_PUSHED_WITHIN_DAYS", 30, 0)),
        Arrays.stream(env.getOrDefault("PULL_THROUGH_PREFIXES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        Duration.ofDays((int) Env.number(env, "PULL_THROUGH_KEEP_DAYS", 30, 0)));
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

  /**
   * A scheduled run (the dry run, then, when deletes with approval are enabled and something could
   * go, the cleanup workflow is started), or one step of that workflow.
   */
  private JsonNode handle(JsonNode request) {
    String step = request.path("step").asText("");
    if (step.isEmpty()) {
      Outcome outcome = run();
      if (cleanup != null && outcome.deletions() > 0) {
        outcome.report().put("cleanupRun", cleanup.start(outcome.plans(), outcome.text()));
      }
      return outcome.report();
    }
    if (cleanup == null) {
      throw new IllegalStateException("step " + step + " needs CLEANUP_STATE_MACHINE_ARN");
    }
    String runId = request.path("runId").asText();
    if (!ApprovalLinks.INCIDENT_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("step " + step + ": not a cleanup run id: " + runId);
    }
    return switch (step) {
      case "requestApproval" -> {
        cleanup.requestApproval(runId, request.path("taskToken").asText());
        yield Json.MAPPER.createObjectNode().put("requested", true);
      }
      case "delete" ->
          cleanup.delete(
              runId,
              request.at("/approval/approver").asText("-"),
              HygienePlanner.plan(inventory.images(), inUse.collect(), policy, clock.instant()),
              deleter);
      case "record" -> {
        cleanup.record(
            runId, request.path("outcome").asText(), request.at("/error/Cause").asText(""));
        yield Json.MAPPER.createObjectNode().put("recorded", true);
      }
      default -> throw new IllegalArgumentException("unknown step '" + step + "'");
    };
  }

  /**
   * One run's plan: the JSON report (the function's result, and the message for machines) and the
   * same as text for people.
   */
  public record Outcome(ObjectNode report, String text, List<RepositoryPlan> plans) {
    public long deletions() {
      return plans.stream().mapToLong(p -> p.deletions().size()).sum();
    }
  }

  /** Collects, plans and reports; public for the CLI's ecr-plan. */
  public Outcome run() {
    Instant started = clock.instant();
    List<InUse> used = inUse.collect();
    List<EcrImage> images = inventory.images();
    List<RepositoryPlan> plans = HygienePlanner.plan(images, used, policy, clock.instant());
    // Deletions listed up to 20 per repository: the report must fit an SNS message (256 KB).
    ObjectNode report = HygieneReport.json(plans, HygieneReport.MAX_LISTED);
    report.put("dryRun", true);
    report.put("inUseReferences", used.size());
    report.put("apiCalls", inUse.calls.get() + inventory.calls.get());
    report.put("seconds", Duration.between(started, clock.instant()).toMillis() / 1000.0);
    long deletions = plans.stream().mapToLong(p -> p.deletions().size()).sum();
    String text = HygieneReport.text(plans);
    if (deletions > 0 && !topicArn.isBlank()) {
      String subject =
          "[ecs-medic] ECR hygiene: " + deletions + " unused images could go (dry run)";
      topic.publish(AlertTopic.Kind.ECR_HYGIENE, subject, text, report.toString());
    }
    LOG.info(
        "ECR hygiene (dry run): {} images, {} could go, {} API calls",
        images.size(),
        deletions,
        report.get("apiCalls").asInt());
    return new Outcome(report, text, plans);
  }

  /**
   * Deletes what a person confirmed from {@code confirmed}, after planning again: only images both
   * plans delete go (ecs-medic ecr-apply). Returns what was deleted and what ECR refused.
   */
  public ImageDeleter.Result delete(Outcome confirmed) {
    List<RepositoryPlan> fresh =
        HygienePlanner.plan(inventory.images(), inUse.collect(), policy, clock.instant());
    ImageDeleter.Result result = deleter.delete(confirmed.plans(), fresh);
    LOG.info(
        "ECR hygiene: deleted {} images, {} refused", result.deleted(), result.failures().size());
    return result;
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
      B builder, AwsSettings s) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(s.region()));
    s.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
