package io.ecsmedic.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.CallBudget;
import io.ecsmedic.json.Json;
import io.ecsmedic.signing.ApprovalLinks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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
 * remediation that waits for approval (docs/remediation.md, "Approvals").
 *
 * <ul>
 *   <li>{@code POST /slack/actions}: the alert's Approve / Reject buttons. The Slack signature is
 *       checked on the raw body before anything parses it, within 5 minutes of its timestamp.
 *   <li>{@code GET /approve?incident&decision&expires&sig}: a signed e-mail link ({@link
 *       ApprovalLinks}). It only shows what is pending and a form; mail clients and scanners fetch
 *       links by themselves, so a GET never decides.
 *   <li>{@code POST /approve}: that form; it decides.
 * </ul>
 *
 * Deciding is one conditional write on the incident's approval item, then SendTaskSuccess or
 * SendTaskFailure ({@link Approvals}); a second click, a replayed request or a late link is refused
 * with 409 or 410 and decides nothing. Every refusal answers a short reason and logs a warning;
 * secrets, signatures and task tokens are never logged.
 */
public final class ApprovalHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalHandler.class);

  static final String SLACK_PATH = "/slack/actions";

  /** Slack's payloads and the link form are a few KB; anything over this is not one. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** The event around the body: headers, request context, base64 overhead. */
  static final int MAX_EVENT_BYTES = 256 * 1024;

  /**
   * Slack shows an error when a button click is not answered within 3 s: one call (the decision's
   * conditional write, the answer to Step Functions, a secret read) gets 2 s, retries included, so
   * a hung call fails in time to say so instead of running out the clock.
   */
  static final CallBudget SLACK_BUDGET =
      new CallBudget(Duration.ofSeconds(2), Duration.ofSeconds(2));

  private static final Pattern SOURCE_IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Approvals approvals;
  private final Supplier<byte[]> slackSecret;
  private final Supplier<byte[]> linkSecret;
  private final SlackResponder slack;
  private final Clock clock;

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

  private ApprovalHandler(ApprovalSettings s, AwsClientFactory aws) {
    this(
        new DynamoApprovalStore(
            aws.client(DynamoDbClient.class, DynamoDbClient::builder), s.auditTable()),
        new StepFunctionsWorkflow(aws.client(SfnClient.class, SfnClient::builder)),
        id ->
            aws.client(SecretsManagerClient.class, SecretsManagerClient::builder)
                .getSecretValue(r -> r.secretId(id))
                .secretString(),
        s.slackSigningSecretArn(),
        s.linkSecretArn(),
        new SlackResponseUrl(),
        Clock.systemUTC());
  }

  /**
   * @param slackSecretId the Slack signing secret's id; empty turns Slack approvals off
   * @param linkSecretId the link secret's id; empty turns link approvals off
   */
  ApprovalHandler(
      ApprovalStore store,
      Workflow workflow,
      SecretSource secrets,
      String slackSecretId,
      String linkSecretId,
      SlackResponder slack,
      Clock clock) {
    this.approvals = new Approvals(store, workflow, clock);
    this.slackSecret =
        slackSecretId.isEmpty() ? null : new CachedSecret(secrets, slackSecretId, clock);
    this.linkSecret =
        linkSecretId.isEmpty() ? null : new CachedSecret(secrets, linkSecretId, clock);
    this.slack = slack;
    this.clock = clock;
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
        request = FunctionUrlRequest.from(json);
      } catch (IOException | FunctionUrlRequest.MalformedException e) {
        return refuseEvent(
            400,
            e instanceof FunctionUrlRequest.MalformedException
                ? e.getMessage()
                : "not a function URL event");
      }
      MDC.put("route", request.method() + " " + clip(request.path()));
      return route(request);
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

  private FunctionUrlResponse route(FunctionUrlRequest r) {
    switch (r.path()) {
      case SLACK_PATH -> {
        if (!"POST".equals(r.method())) {
          return refuse(405, "use POST", r).withHeader("allow", "POST");
        }
        if (r.body().length > MAX_BODY_BYTES) {
          return refuse(413, "body over " + MAX_BODY_BYTES / 1024 + " KB", r);
        }
        return slackAction(r);
      }
      case ApprovalLinks.PATH -> {
        if (!"GET".equals(r.method()) && !"POST".equals(r.method())) {
          return refuse(405, "use GET or POST", r).withHeader("allow", "GET, POST");
        }
        if (r.body().length > MAX_BODY_BYTES) {
          return refuse(413, "body over " + MAX_BODY_BYTES / 1024 + " KB", r);
        }
        return link(r);
      }
      default -> {
        return refuse(404, "no such route", r);
      }
    }
  }

  // ---- Slack ------------------------------------------------------------------------------

  private FunctionUrlResponse slackAction(FunctionUrlRequest r) {
    if (slackSecret == null) {
      return refuse(404, "Slack approvals are not configured", r);
    }
    Optional<String> bad =
        SlackSignature.check(
            r.header("x-slack-request-timestamp"),
            r.header("x-slack-signature"),
            r.body(),
            slackSecret.get(),
            clock.instant());
    if (bad.isPresent()) {
      return refuse(401, bad.get(), r);
    }
    SlackInteraction click;
    try {
      String payload =
          FormData.parse(new String(r.body(), StandardCharsets.UTF_8), Set.of("payload"))
              .get("payload");
      if (payload == null || payload.isBlank()) {
        return refuse(400, "no payload", r);
      }
      click = SlackInteraction.from(Json.MAPPER.readTree(payload));
    } catch (FormData.MalformedException | SlackInteraction.InvalidException e) {
      return refuse(400, e.getMessage(), r);
    } catch (IOException e) {
      return refuse(400, "the payload is not JSON", r);
    }
    MDC.put("incidentId", click.incidentId());
    Approvals.Result result =
        approvals.decide(click.incidentId(), click.approve(), click.approver(), Decision.SLACK);
    if (click.responseUrl() != null) {
      slack.respond(click.responseUrl(), SlackReplies.reply(result, click));
    }
    if (result.outcome() != Approvals.Outcome.DECIDED) {
      return refuse(result.outcome().status, result.reason(), r);
    }
    return FunctionUrlResponse.text(200, SlackReplies.line(result, click));
  }

  // ---- signed links -----------------------------------------------------------------------

  private FunctionUrlResponse link(FunctionUrlRequest r) {
    if (linkSecret == null) {
      return refusePage(404, "Not available", "approval links are not configured", r);
    }
    boolean post = "POST".equals(r.method());
    LinkParams link;
    try {
      String encoded = post ? new String(r.body(), StandardCharsets.UTF_8) : r.rawQuery();
      link = LinkParams.from(FormData.parse(encoded, LinkParams.NAMES));
    } catch (FormData.MalformedException | LinkParams.InvalidException e) {
      return refusePage(400, "Not a valid approval link", e.getMessage(), r);
    }
    MDC.put("incidentId", link.incidentId());
    if (!ApprovalLinks.verify(
        link.incidentId(), link.decision(), link.expires(), link.signature(), linkSecret.get())) {
      return refusePage(403, "Not a valid approval link", "the link's signature does not match", r);
    }
    Instant now = clock.instant();
    if (link.expires() <= now.getEpochSecond()) {
      return refusePage(
          410, "Link expired", "this link expired at " + Instant.ofEpochSecond(link.expires()), r);
    }
    return post ? decideByLink(r, link) : confirmationPage(r, link);
  }

  /** GET: shows what is pending and the form; decides nothing. */
  private FunctionUrlResponse confirmationPage(FunctionUrlRequest r, LinkParams link) {
    Approvals.Result look = approvals.look(link.incidentId());
    if (look.outcome() != Approvals.Outcome.PENDING) {
      return refusePage(r, look);
    }
    return FunctionUrlResponse.html(200, Pages.confirm(look.item(), link));
  }

  /** POST: the confirmation form; decides. */
  private FunctionUrlResponse decideByLink(FunctionUrlRequest r, LinkParams link) {
    String ip = SOURCE_IP.matcher(r.sourceIp()).matches() ? r.sourceIp() : "unknown";
    Approvals.Result result =
        approvals.decide(
            link.incidentId(), link.approve(), "signed-link from " + ip, Decision.LINK);
    if (result.outcome() != Approvals.Outcome.DECIDED) {
      return refusePage(r, result);
    }
    return FunctionUrlResponse.html(
        200,
        link.approve()
            ? Pages.message(
                "Approved", "ecs-medic re-checks the service, then applies the remediation.")
            : Pages.message("Rejected", "The remediation will not be applied."));
  }

  // ---- refusals ---------------------------------------------------------------------------

  private static FunctionUrlResponse refuse(int status, String reason, FunctionUrlRequest r) {
    LOG.warn("refused {} {}: {} {}", r.method(), clip(r.path()), status, reason);
    return FunctionUrlResponse.text(status, reason);
  }

  private static FunctionUrlResponse refuseEvent(int status, String reason) {
    LOG.warn("refused an invocation: {} {}", status, reason);
    return FunctionUrlResponse.text(status, reason);
  }

  private static FunctionUrlResponse refusePage(FunctionUrlRequest r, Approvals.Result refused) {
    String heading =
        switch (refused.outcome()) {
          case ALREADY_DECIDED, CHANGED -> "Already decided";
          case EXPIRED, WINDOW_CLOSED -> "Too late";
          default -> "Nothing to decide";
        };
    return refusePage(refused.outcome().status, heading, refused.reason(), r);
  }

  private static FunctionUrlResponse refusePage(
      int status, String heading, String reason, FunctionUrlRequest r) {
    LOG.warn("refused {} {}: {} {}", r.method(), clip(r.path()), status, reason);
    return FunctionUrlResponse.html(status, Pages.message(heading, reason));
  }

  /** Paths are the caller's text: keep log lines short. */
  private static String clip(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "…";
  }
}
