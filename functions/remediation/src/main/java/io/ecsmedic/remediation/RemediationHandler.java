package io.ecsmedic.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.StepRequest;
import io.ecsmedic.workflow.WorkflowJson;
import io.ecsmedic.workflow.WorkflowState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The remediation workflow's steps (statemachines/remediation.asl.json), one function called with
 * {@code {"step": ..., "state": {...}}}: reads the state ({@link WorkflowJson}), hands it to the
 * step's class and writes back what that returns. Enrich, Plan, Re-check, Apply and Verify return
 * the state with their result added under their own key; the state machine passes it on.
 * RequestApproval runs under {@code .waitForTaskToken}; Record writes the final decision.
 *
 * <p>Unexpected failures propagate: the state machine retries transient ones and sends the rest to
 * its record-and-notify failure path, so nothing fails silently.
 */
public final class RemediationHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RemediationHandler.class);

  private final EnrichStep enrich;
  private final Planner planner;
  private final ApprovalRequester approvals;
  private final Guardrails guardrails;
  private final Applier applier;
  private final Verifier verifier;
  private final RecordStep recordStep;

  /** The Lambda runtime's constructor. */
  public RemediationHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public RemediationHandler(Map<String, String> env) {
    this(RemediationSettings.fromEnv(env), Clock.systemUTC());
  }

  private RemediationHandler(RemediationSettings s, Clock clock) {
    this(s, new AwsClients(s.aws()), clock);
  }

  private RemediationHandler(RemediationSettings s, AwsClients aws, Clock clock) {
    Enricher enricher = new Enricher(aws.ecs, aws.elb, aws.logs, aws.ecr, clock);
    Checkers checkers = new Checkers(aws.checks(), s.aws().region(), clock);
    this.enrich = new EnrichStep(enricher, checkers);
    this.planner = new Planner(s);
    Recorder recorder = new Recorder(aws.dynamo, aws.sns, s.auditTable(), s.alertTopicArn(), clock);
    this.recordStep = new RecordStep(recorder);
    Supplier<String> linkSecret =
        () -> aws.secrets.getSecretValue(r -> r.secretId(s.approvalLinkSecretArn())).secretString();
    this.approvals =
        new ApprovalRequester(s, aws.dynamo, recorder, linkSecret, slack(s, aws), clock);
    this.guardrails = new Guardrails(s, aws.ecs, aws.dynamo, clock);
    this.applier = new Applier(aws.ecs, aws.elb, aws.logs);
    this.verifier = new Verifier(aws.ecs, aws.elb, aws.logs, s.verifyAttempts());
  }

  /** Slack for proposals: the bot token wins over the webhook, as in triage. */
  private static SlackProposals slack(RemediationSettings s, AwsClients aws) {
    java.util.function.Function<String, Supplier<String>> secret =
        arn -> () -> aws.secrets.getSecretValue(r -> r.secretId(arn)).secretString();
    if (!s.slackBotTokenSecretArn().isBlank()) {
      return new SlackProposals(
          new SlackProposals.Target(
              secret.apply(s.slackBotTokenSecretArn()), s.slackChannel(), s.slackApiBase(), null),
          aws.dynamo,
          s.auditTable());
    }
    if (!s.slackWebhookSecretArn().isBlank()) {
      return new SlackProposals(
          new SlackProposals.Target(null, null, null, secret.apply(s.slackWebhookSecretArn())),
          aws.dynamo,
          s.auditTable());
    }
    return SlackProposals.NONE;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    JsonNode request = Json.MAPPER.readTree(in);
    JsonNode result = PowertoolsLogging.withLogging(context, () -> run(request));
    out.write(Json.MAPPER.writeValueAsBytes(result));
  }

  private JsonNode run(JsonNode json) {
    StepRequest request = WorkflowJson.read(json);
    WorkflowState state = request.state();
    MDC.put("incidentId", state.incidentId());
    MDC.put("step", request.step().wireName());
    try {
      return switch (request.step()) {
        case ENRICH -> WorkflowJson.write(request, enrich.run(state));
        case PLAN -> WorkflowJson.write(request, state.withPlan(planner.plan(state)));
        case REQUEST_APPROVAL -> {
          approvals.request(state, request.taskToken());
          yield WorkflowJson.approvalRequested();
        }
        case RECHECK -> WorkflowJson.write(request, state.withRecheck(guardrails.recheck(state)));
        case APPLY -> {
          LOG.info("applying {}", state.plannedAction().type());
          yield WorkflowJson.write(
              request, state.withApplied(applier.apply(state.plannedAction().action())));
        }
        case VERIFY -> WorkflowJson.write(request, state.withVerify(verifier.verify(state)));
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
