package io.ecsmedic.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.aws.approval.ApprovalStore;
import io.ecsmedic.aws.approval.Approvals;
import io.ecsmedic.aws.approval.DynamoApprovalStore;
import io.ecsmedic.aws.approval.StepFunctionsWorkflow;
import io.ecsmedic.aws.approval.Workflow;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.json.Json;
import io.ecsmedic.snapstart.SnapStartHooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The approval function, behind a Lambda function URL: where a human releases (or stops) a
 * remediation or an ECR cleanup that waits for approval (docs/remediation.md, "Approvals"). This
 * class reads the invocation, hands the request to {@link ApprovalRoutes} (Slack buttons from
 * allow-listed approvers, signed single-use links) and writes the answer as a function URL
 * response.
 *
 * <p>Deciding is one conditional write on the approval item, then SendTaskSuccess or
 * SendTaskFailure ({@link Approvals}); a second click, a replayed request or a late link is refused
 * with 409 or 410 and decides nothing. An unexpected failure answers 503 and logs only the error's
 * type and code: secrets, signatures and task tokens are never logged.
 */
public final class ApprovalHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalHandler.class);

  /** The event around the body: headers, request context, base64 overhead. */
  static final int MAX_EVENT_BYTES = 256 * 1024;

  /**
   * Slack shows an error when a button click is not answered within 3 s: one call (the decision's
   * conditional write, the answer to Step Functions, a secret read) gets 2 s, retries included, so
   * a hung call fails in time to say so instead of running out the clock.
   */
  static final CallBudget SLACK_BUDGET =
      new CallBudget(Duration.ofSeconds(2), Duration.ofSeconds(2));

  private final ApprovalRoutes routes;

  /** Kept so the runtime's CRaC context, which may hold it weakly, still calls it. */
  private final SnapStartHooks snapStart;

  /** The Lambda runtime's constructor: configuration from the environment, clients built once. */
  public ApprovalHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public ApprovalHandler(Map<String, String> environment) {
    this(ApprovalSettings.fromEnv(environment));
  }

  private ApprovalHandler(ApprovalSettings s) {
    this(s, AwsClientFactory.standard(s.aws()).withBudget(SLACK_BUDGET));
  }

  /** The deployed configuration over a given client factory (the SnapStart priming tests'). */
  ApprovalHandler(ApprovalSettings s, AwsClientFactory aws) {
    this(
        s,
        new AuditTable(aws.client(DynamoDbClient.class, DynamoDbClient::builder), s.auditTable()),
        aws);
  }

  private ApprovalHandler(ApprovalSettings s, AuditTable table, AwsClientFactory aws) {
    this(
        new DynamoApprovalStore(table),
        d -> table.recordApprovalDenial(d, d.at().plus(s.auditRetention())),
        new StepFunctionsWorkflow(aws.client(SfnClient.class, SfnClient::builder)),
        id ->
            aws.client(SecretsManagerClient.class, SecretsManagerClient::builder)
                .getSecretValue(r -> r.secretId(id))
                .secretString(),
        s.slackSigningSecretArn(),
        s.linkSecretArn(),
        s.approvers(),
        s.linkApprovals(),
        new SlackResponseUrl(),
        Clock.systemUTC());
  }

  /**
   * @param slackSecretId the Slack signing secret's id; empty turns Slack approvals off
   * @param linkSecretId the link secret's id; empty turns link approvals off
   * @param approvers who may decide from Slack
   * @param linkApprovals whether a genuine link may decide
   */
  ApprovalHandler(
      ApprovalStore store,
      DenialLog denials,
      Workflow workflow,
      SecretSource secrets,
      String slackSecretId,
      String linkSecretId,
      SlackApprovers approvers,
      boolean linkApprovals,
      SlackResponder slack,
      Clock clock) {
    this.routes =
        new ApprovalRoutes(
            new Approvals(store, workflow, clock),
            slackSecretId.isEmpty() ? null : new CachedSecret(secrets, slackSecretId, clock),
            linkSecretId.isEmpty() ? null : new CachedSecret(secrets, linkSecretId, clock),
            approvers,
            linkApprovals,
            denials,
            slack,
            clock);
    this.snapStart =
        SnapStartHooks.register(
            new ApprovalPriming(approvers)::prime, SnapStartHooks.NOTHING_TO_REFRESH);
  }

  /** The SnapStart hooks, for the tests that run them. */
  SnapStartHooks snapStart() {
    return snapStart;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    byte[] event = in.readNBytes(MAX_EVENT_BYTES + 1);
    FunctionUrlResponse response = PowertoolsLogging.withLogging(context, () -> handle(event));
    out.write(Json.MAPPER.writeValueAsBytes(response.toJson()));
  }

  private FunctionUrlResponse handle(byte[] event) {
    try {
      if (event.length > MAX_EVENT_BYTES) {
        return refuseEvent(413, "request too large");
      }
      FunctionUrlRequest request;
      try {
        JsonNode json = Json.MAPPER.readTree(event);
        if (isKeepWarm(json)) {
          return FunctionUrlResponse.text(200, "kept warm");
        }
        request = FunctionUrlRequest.from(json);
      } catch (IOException | FunctionUrlRequest.MalformedException e) {
        return refuseEvent(
            400,
            e instanceof FunctionUrlRequest.MalformedException
                ? e.getMessage()
                : "not a function URL event");
      }
      return response(routes.answer(request));
    } catch (RuntimeException e) {
      // Step Functions' messages can quote the token: log the type and code only.
      String code =
          e instanceof AwsServiceException a && a.awsErrorDetails() != null
              ? " " + a.awsErrorDetails().errorCode()
              : "";
      LOG.error("request failed: {}{}", e.getClass().getName(), code);
      return FunctionUrlResponse.text(
          503, "ecs-medic could not complete this request; nothing was decided. Try again.");
    } finally {
      MDC.clear();
    }
  }

  /** The function URL response of an answer. */
  private static FunctionUrlResponse response(ApprovalAnswer answer) {
    return switch (answer) {
      case ApprovalAnswer.Text t when t.allow() != null ->
          FunctionUrlResponse.text(t.status(), t.text()).withHeader("allow", t.allow());
      case ApprovalAnswer.Text t -> FunctionUrlResponse.text(t.status(), t.text());
      case ApprovalAnswer.Page p ->
          FunctionUrlResponse.html(p.status(), Pages.message(p.heading(), p.message()));
      case ApprovalAnswer.Confirmation c ->
          FunctionUrlResponse.html(c.status(), Pages.confirm(c.item(), c.link()));
    };
  }

  /** The daily keep-warm schedule's input (template.yaml, {@code KeepWarm}). */
  public static final String KEEP_WARM = "{\"ecsMedic\":\"keep-warm\"}";

  /**
   * The schedule's invocation, which keeps the SnapStart version Active (Lambda makes a version not
   * invoked for 14 days Inactive, and its next invocation fails while the snapshot is restored:
   * that would be someone's approval click). Only a direct invocation can send it: a function URL
   * request always carries {@code requestContext}, so no HTTP request is taken for one, whatever
   * its body. Nothing is read, decided or logged.
   */
  private static boolean isKeepWarm(JsonNode json) {
    return json != null
        && json.isObject()
        && json.size() == 1
        && "keep-warm".equals(json.path("ecsMedic").asText(null));
  }

  private static FunctionUrlResponse refuseEvent(int status, String reason) {
    LOG.warn("refused an invocation: {} {}", status, reason);
    return FunctionUrlResponse.text(status, reason);
  }
}
