package io.ecsmedic.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The remediation workflow's steps (statemachines/remediation.asl.json), one function called with
 * {@code {"step": ..., "state": {...}}}. Enrich, Plan, Re-check, Apply and Verify return the state
 * with their result added under their own key; the state machine passes it on. RequestApproval runs
 * under {@code .waitForTaskToken}; Record writes the final decision.
 *
 * <p>Unexpected failures propagate: the state machine retries transient ones and sends the rest to
 * its record-and-notify failure path, so nothing fails silently.
 */
public final class RemediationHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RemediationHandler.class);

  private final Enricher enricher;
  private final Checkers checkers;
  private final Planner planner;
  private final ApprovalRequester approvals;
  private final Guardrails guardrails;
  private final Applier applier;
  private final Verifier verifier;
  private final Recorder recorder;

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
    this.enricher = new Enricher(aws.ecs, aws.elb, aws.logs, aws.ecr, clock);
    this.checkers = new Checkers(aws.checks(), s.aws().region(), clock);
    this.planner = new Planner(s);
    AuditTable audit = new AuditTable(aws.dynamo, s.auditTable());
    this.recorder = new Recorder(audit, new AlertTopic(aws.sns, s.alertTopicArn()), clock);
    Supplier<String> linkSecret =
        () -> aws.secrets.getSecretValue(r -> r.secretId(s.approvalLinkSecretArn())).secretString();
    this.approvals =
        new ApprovalRequester(s, audit, recorder, linkSecret, slack(s, aws, audit), clock);
    this.guardrails = new Guardrails(s, aws.ecs, audit, clock);
    this.applier = new Applier(aws.ecs, aws.elb, aws.logs);
    this.verifier = new Verifier(aws.ecs, aws.elb, aws.logs, s.verifyAttempts());
  }

  /** Slack for proposals: the bot token wins over the webhook, as in triage. */
  private static SlackProposals slack(RemediationSettings s, AwsClients aws, AuditTable audit) {
    java.util.function.Function<String, Supplier<String>> secret =
        arn -> () -> aws.secrets.getSecretValue(r -> r.secretId(arn)).secretString();
    if (!s.slackBotTokenSecretArn().isBlank()) {
      return new SlackProposals(
          new SlackProposals.Target(
              secret.apply(s.slackBotTokenSecretArn()), s.slackChannel(), s.slackApiBase(), null),
          audit);
    }
    if (!s.slackWebhookSecretArn().isBlank()) {
      return new SlackProposals(
          new SlackProposals.Target(null, null, null, secret.apply(s.slackWebhookSecretArn())),
          audit);
    }
    return SlackProposals.NONE;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    JsonNode request = Json.MAPPER.readTree(in);
    JsonNode result = PowertoolsLogging.withLogging(context, () -> run(request));
    out.write(Json.MAPPER.writeValueAsBytes(result));
  }

  /**
   * Runs the finding's deep checker (alb-check, exec-check or pull-check) into {@code
   * enrichment.check}, so the proposal shows the failing steps. Evidence, not a precondition: a
   * checker that breaks leaves a note and the workflow goes on.
   */
  private void deepCheck(JsonNode finding, ObjectNode enrichment) {
    Category category;
    try {
      category = Category.valueOf(finding.path("category").asText());
    } catch (IllegalArgumentException e) {
      return;
    }
    if (!Checkers.covers(category)) {
      return;
    }
    try {
      checkers
          .forFinding(category, FindingJson.resource(finding.path("resource")), null)
          .ifPresent(report -> enrichment.set("check", report.toJson()));
    } catch (RuntimeException e) {
      LOG.warn("deep check for {} failed", category, e);
      enrichment.withArrayProperty("notes").add("deep check: not available (" + e + ")");
    }
  }

  private JsonNode run(JsonNode request) {
    String step = request.path("step").asText();
    if (!request.path("state").isObject()) {
      throw new IllegalArgumentException("step " + step + ": input has no state object");
    }
    ObjectNode state = (ObjectNode) request.get("state");
    MDC.put("incidentId", state.path("incidentId").asText());
    MDC.put("step", step);
    try {
      return switch (step) {
        case "enrich" -> {
          ObjectNode enrichment =
              enricher.enrich(
                  state.at("/finding/resource/cluster").asText(),
                  state.at("/finding/resource/service").asText());
          deepCheck(state.path("finding"), enrichment);
          yield state.set("enrichment", enrichment);
        }
        case "plan" -> state.set("plan", planner.plan(state));
        case "requestApproval" -> {
          approvals.request(state, request.path("taskToken").asText());
          yield Json.MAPPER.createObjectNode().put("requested", true);
        }
        case "recheck" -> state.set("recheck", guardrails.recheck(state));
        case "apply" -> {
          LOG.info("applying {}", state.at("/plan/action/type").asText());
          yield state.set("applied", applier.apply(state.at("/plan/action")));
        }
        case "verify" -> state.set("verify", verifier.verify(state));
        case "record" -> record(state, request.path("outcome").asText());
        default -> throw new IllegalArgumentException("unknown step '" + step + "'");
      };
    } finally {
      MDC.clear();
    }
  }

  /** The workflow's last word: one audit record, and a message where a human should know. */
  private JsonNode record(ObjectNode state, String outcome) {
    JsonNode action = state.at("/plan/action");
    String what = action.isMissingNode() ? "-" : ApprovalRequester.describe(action);
    String approver = state.at("/approval/approver").asText(null);
    List<String> calls = new ArrayList<>();
    state.at("/applied/calls").forEach(c -> calls.add(c.asText()));
    String decision;
    String detail;
    boolean tell = true;
    switch (outcome) {
      case "NOTHING_TO_APPLY", "OBSERVED" -> {
        decision = "REMEDIATION_" + outcome;
        detail = state.at("/plan/reason").asText();
        tell = false;
      }
      case "APPLIED" -> {
        decision = "REMEDIATION_" + state.at("/verify/status").asText("NOT_VERIFIED");
        detail = what + ": " + state.at("/verify/detail").asText();
      }
      case "REJECTED" -> {
        decision = "REMEDIATION_REJECTED";
        approver = state.at("/error/Cause").asText("");
        detail = what + ": " + approver;
      }
      case "APPROVAL_TIMED_OUT" -> {
        decision = "REMEDIATION_EXPIRED";
        detail = what + ": nobody approved in time; nothing was applied";
      }
      case "ABORTED" -> {
        decision = "REMEDIATION_ABORTED";
        detail = what + ": " + state.at("/recheck/reason").asText();
      }
      default -> {
        decision = "REMEDIATION_ERROR";
        detail =
            state.at("/error/Error").asText("error")
                + ": "
                + clip(state.at("/error/Cause").asText(""));
      }
    }
    recorder.record(state, decision, detail, approver, calls);
    if (tell) {
      ObjectNode json =
          Json.MAPPER.createObjectNode().put("decision", decision).put("detail", detail);
      if (approver != null) {
        json.put("approver", approver);
      }
      json.putPOJO("calls", calls);
      recorder.notify(
          state,
          "remediation",
          "[ecs-medic] " + decision.substring("REMEDIATION_".length()) + ": " + what,
          decision
              + "\n"
              + detail
              + (calls.isEmpty() ? "" : "\nAPI calls: " + String.join("; ", calls))
              + "\nIncident: "
              + state.path("incidentId").asText()
              + "\n",
          json);
    }
    LOG.info("{}: {}", decision, detail);
    return Json.MAPPER.createObjectNode().put("decision", decision).put("detail", detail);
  }

  private static String clip(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
