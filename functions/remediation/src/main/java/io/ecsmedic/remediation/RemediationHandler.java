package io.ecsmedic.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.AccountTargets;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.json.Json;
import io.ecsmedic.snapstart.SnapStartHooks;
import io.ecsmedic.workflow.StepRequest;
import io.ecsmedic.workflow.WorkflowJson;
import io.ecsmedic.workflow.WorkflowState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The remediation workflow's steps (statemachines/remediation.asl.json), one function called with
 * {@code {"step": ..., "state": {...}}}: reads the state ({@link WorkflowJson}), hands it to the
 * step's class and writes back what that returns. Enrich, Plan, Re-check, Apply and Verify return
 * the state with their result added under their own key; the state machine passes it on. Plan,
 * Re-check and Apply guard themselves through the audit table ({@link PlanGuard}): Apply changes
 * nothing unless it claims a stored, approved and re-checked plan of exactly its action.
 * RequestApproval runs under {@code .waitForTaskToken}; Record writes the final decision.
 *
 * <p>Enrich, Re-check, Apply and Verify act in the finding's own account and region ({@link
 * InAccounts}): the stack's account with the function's clients, a member account through its
 * remediation role; an account it cannot reach fails the step, and nothing is read or changed.
 *
 * <p>Unexpected failures propagate: the state machine retries transient ones and sends the rest to
 * its record-and-notify failure path, so nothing fails silently.
 */
public final class RemediationHandler implements RequestStreamHandler {

  private final PlanStep planStep;
  private final ApprovalRequester approvals;
  private final RecordStep recordStep;
  private final InAccounts inAccounts;

  /** Kept so the runtime's CRaC context, which may hold it weakly, still calls it. */
  private final SnapStartHooks snapStart;

  /** The Lambda runtime's constructor. */
  public RemediationHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public RemediationHandler(Map<String, String> env) {
    this(RemediationSettings.fromEnv(env), Clock.systemUTC());
  }

  private RemediationHandler(RemediationSettings s, Clock clock) {
    this(s, AwsClientFactory.standard(s.aws()), clock);
  }

  /** The deployed configuration over a given client factory (the SnapStart priming tests'). */
  RemediationHandler(RemediationSettings s, AwsClientFactory aws, Clock clock) {
    DynamoDbClient dynamo = aws.client(DynamoDbClient.class, DynamoDbClient::builder);
    AuditTable audit = new AuditTable(dynamo, s.auditTable());
    Recorder recorder =
        new Recorder(
            audit,
            new AlertTopic(aws.client(SnsClient.class, SnsClient::builder), s.alertTopicArn()),
            clock);
    PlanGuard plans = new PlanGuard(PlanStore.of(audit), s.approvalTimeout(), clock);
    SlackProposals slack = slack(s, aws, audit);
    Planner planner = new Planner(s);
    this.planStep = new PlanStep(planner, plans, slack);
    this.recordStep = new RecordStep(recorder, plans);
    Supplier<String> linkSecret = secret(aws, s.approvalLinkSecretArn());
    this.approvals = new ApprovalRequester(s, audit, recorder, linkSecret, slack, clock);
    this.inAccounts =
        new InAccounts(
            AccountTargets.of(aws, s.members(), "ecs-medic-remediation"),
            target -> inAccount(s, target, audit, plans, recorder, clock));
    this.snapStart =
        SnapStartHooks.register(
            new RemediationPriming(planner)::prime, SnapStartHooks.NOTHING_TO_REFRESH);
  }

  /** The SnapStart hooks, for the tests that run them. */
  SnapStartHooks snapStart() {
    return snapStart;
  }

  /** The steps that read or change the service, over one account's and region's clients. */
  private static InAccounts.Steps inAccount(
      RemediationSettings s,
      AwsClientFactory aws,
      AuditTable audit,
      PlanGuard plans,
      Recorder recorder,
      Clock clock) {
    EcsClient ecs = aws.client(EcsClient.class, EcsClient::builder);
    ElasticLoadBalancingV2Client elb =
        aws.client(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder);
    CloudWatchLogsClient logs =
        aws.client(CloudWatchLogsClient.class, CloudWatchLogsClient::builder);
    Enricher enricher =
        new Enricher(ecs, elb, logs, aws.client(EcrClient.class, EcrClient::builder), clock);
    Checkers checkers = new Checkers(CheckClients.of(aws), aws.settings().region(), clock);
    return new InAccounts.Steps(
        new EnrichStep(enricher, checkers),
        new Guardrails(s, ecs, audit, new ServiceModeTag(ecs), plans, clock),
        new ApplyStep(plans, new Applier(ecs, elb, logs), recorder),
        new Verifier(ecs, elb, logs, s.verifyAttempts()));
  }

  /** A secret's value, read when asked (the Secrets Manager client is built on first use). */
  private static Supplier<String> secret(AwsClientFactory aws, String arn) {
    return () ->
        aws.client(SecretsManagerClient.class, SecretsManagerClient::builder)
            .getSecretValue(r -> r.secretId(arn))
            .secretString();
  }

  /** Slack for proposals: the bot token wins over the webhook, as in triage. */
  private static SlackProposals slack(
      RemediationSettings s, AwsClientFactory aws, AuditTable audit) {
    if (!s.slackBotTokenSecretArn().isBlank()) {
      return new SlackProposals(
          new SlackProposals.Target(
              secret(aws, s.slackBotTokenSecretArn()), s.slackChannel(), s.slackApiBase(), null),
          audit);
    }
    if (!s.slackWebhookSecretArn().isBlank()) {
      return new SlackProposals(
          new SlackProposals.Target(null, null, null, secret(aws, s.slackWebhookSecretArn())),
          audit);
    }
    return SlackProposals.NONE;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    JsonNode request = Json.MAPPER.readTree(in);
    Optional<String> ownAccount = AccountTargets.accountOfFunction(context.getInvokedFunctionArn());
    JsonNode result = PowertoolsLogging.withLogging(context, () -> run(request, ownAccount));
    out.write(Json.MAPPER.writeValueAsBytes(result));
  }

  private JsonNode run(JsonNode json, Optional<String> ownAccount) {
    StepRequest request = WorkflowJson.read(json);
    WorkflowState state = request.state();
    MDC.put("incidentId", state.incidentId());
    MDC.put("step", request.step().wireName());
    try {
      return switch (request.step()) {
        case ENRICH ->
            WorkflowJson.write(request, inAccounts.of(state, ownAccount).enrich().run(state));
        case PLAN -> WorkflowJson.write(request, state.withPlan(planStep.plan(state)));
        case REQUEST_APPROVAL -> {
          approvals.request(state, request.taskToken());
          yield WorkflowJson.approvalRequested();
        }
        case RECHECK ->
            WorkflowJson.write(
                request,
                state.withRecheck(inAccounts.of(state, ownAccount).guardrails().recheck(state)));
        case APPLY ->
            WorkflowJson.write(
                request, state.withApplied(inAccounts.of(state, ownAccount).apply().apply(state)));
        case VERIFY ->
            WorkflowJson.write(
                request, state.withVerify(inAccounts.of(state, ownAccount).verify().verify(state)));
        case RECORD -> {
          RecordStep.Recorded r = recordStep.record(state, request.outcome());
          yield WorkflowJson.recorded(r.decision(), r.detail());
        }
      };
    } finally {
      MDC.clear();
    }
  }
}
