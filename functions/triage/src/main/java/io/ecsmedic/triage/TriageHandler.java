package io.ecsmedic.triage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.check.Checkers;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.classify.SignatureCatalog;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.Mode;
import io.ecsmedic.plan.Runbooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The triage Lambda: one EventBridge event in, one decision out.
 *
 * <ol>
 *   <li>parse and classify (an event that cannot be diagnosed is parked on the dead-letter queue
 *       with its reason and audited; retrying it cannot help);
 *   <li>claim the event id (EventBridge delivers at least once: a second delivery does nothing);
 *   <li>resolve the service's mode (template Mode, tag {@code ecs-medic:mode}; {@code off} opts
 *       out);
 *   <li>count the occurrence on its incident (fingerprint, docs/architecture.md): only the first
 *       occurrence in the notification window alerts; repeats are counted and folded into the next
 *       alert;
 *   <li>write the audit record, then publish, so a failed notification never loses the record;
 *   <li>start the remediation workflow when the finding is actionable and the mode allows it
 *       (PROPOSE or AUTO). The alert has gone out by then: a workflow that cannot start is parked
 *       and audited, never allowed to hold the alert back.
 * </ol>
 *
 * Every event leaves one EMF metric document ({@link TriageMetrics}).
 *
 * <p>AWS failures propagate after the claims are given back, so Lambda's retry processes the event
 * again and, when retries run out, the event reaches the dead-letter queue.
 */
public final class TriageHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TriageHandler.class);

  /** EventBridge events are at most 256 KB; anything larger is not an EventBridge event. */
  static final int MAX_EVENT_BYTES = 256 * 1024;

  /** A claim older than this belongs to an invocation that died (the function timeout is 30 s). */
  static final Duration STALE_CLAIM = Duration.ofSeconds(90);

  private final Classifier classifier;
  private final InputParser parser = new InputParser();
  private final AuditStore audit;
  private final ModeResolver modes;
  private final AlertPublisher alerts;
  private final DeadLetters deadLetters;
  private final RemediationStarter remediation;
  private final DeepCheck deepCheck;
  private final TriageMetrics metrics;
  private final Duration window;
  private final Clock clock;

  /** The Lambda runtime's constructor: configuration from the environment, clients built once. */
  public TriageHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public TriageHandler(Map<String, String> environment) {
    this(TriageSettings.fromEnv(environment));
  }

  private TriageHandler(TriageSettings s) {
    this(s, AwsClientFactory.standard(s.aws()));
  }

  private TriageHandler(TriageSettings s, AwsClientFactory aws) {
    this(
        s,
        aws,
        new SqsDeadLetters(
            aws.client(SqsClient.class, SqsClient::builder), s.deadLetterQueueUrl()));
  }

  private TriageHandler(TriageSettings s, AwsClientFactory aws, DeadLetters deadLetters) {
    this(
        new Classifier(SignatureCatalog.bundled(), new Runbooks(s.runbookBaseUrl())),
        new DynamoAuditStore(auditTable(s, aws), s.auditRetention()),
        new ModeResolver(
            s.mode(),
            new EcsServiceTags(aws.client(EcsClient.class, EcsClient::builder)),
            s.tagCacheTtl(),
            Clock.systemUTC()),
        alertChannels(s, aws, deadLetters),
        deadLetters,
        s.stateMachineArn().isBlank()
            ? RemediationStarter.NONE
            : RemediationStarter.stepFunctions(
                aws.client(SfnClient.class, SfnClient::builder),
                s.stateMachineArn(),
                s.auditRetention()),
        s.deepChecks()
            ? DeepCheck.with(
                new Checkers(CheckClients.of(aws), s.aws().region(), Clock.systemUTC()))
            : DeepCheck.NONE,
        TriageMetrics.emf(s.metricsNamespace(), s.serviceName(), s.emfEnvironment()),
        s.notifyWindow(),
        Clock.systemUTC());
  }

  /**
   * SNS always; Slack too when configured: through a bot token (threads per incident) when one is
   * set, otherwise through an incoming webhook.
   */
  private static AlertPublisher alertChannels(
      TriageSettings s, AwsClientFactory aws, DeadLetters deadLetters) {
    AlertPublisher sns =
        new SnsAlertPublisher(
            new AlertTopic(aws.client(SnsClient.class, SnsClient::builder), s.alertTopicArn()));
    if (!s.slackBotTokenSecretArn().isBlank()) {
      return new FanOutAlertPublisher(
          List.of(
              sns,
              new SlackBotPublisher(
                  secret(aws, s.slackBotTokenSecretArn()),
                  s.slackChannel(),
                  s.slackApiBase(),
                  new DynamoSlackThreads(auditTable(s, aws), s.auditRetention(), Clock.systemUTC()),
                  deadLetters,
                  Clock.systemUTC())));
    }
    if (!s.slackWebhookSecretArn().isBlank()) {
      return new FanOutAlertPublisher(
          List.of(
              sns,
              new SlackWebhookPublisher(
                  secret(aws, s.slackWebhookSecretArn()), deadLetters, Clock.systemUTC())));
    }
    return sns;
  }

  private static AuditTable auditTable(TriageSettings s, AwsClientFactory aws) {
    return new AuditTable(
        aws.client(DynamoDbClient.class, DynamoDbClient::builder), s.auditTable());
  }

  /** Reads a secret's value when called; the publishers cache it for a few minutes. */
  private static Supplier<String> secret(AwsClientFactory aws, String secretArn) {
    SecretsManagerClient secrets =
        aws.client(SecretsManagerClient.class, SecretsManagerClient::builder);
    return () -> secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
  }

  TriageHandler(
      Classifier classifier,
      AuditStore audit,
      ModeResolver modes,
      AlertPublisher alerts,
      DeadLetters deadLetters,
      Duration window,
      Clock clock) {
    this(
        classifier,
        audit,
        modes,
        alerts,
        deadLetters,
        RemediationStarter.NONE,
        DeepCheck.NONE,
        TriageMetrics.NONE,
        window,
        clock);
  }

  TriageHandler(
      Classifier classifier,
      AuditStore audit,
      ModeResolver modes,
      AlertPublisher alerts,
      DeadLetters deadLetters,
      RemediationStarter remediation,
      DeepCheck deepCheck,
      TriageMetrics metrics,
      Duration window,
      Clock clock) {
    this.deepCheck = deepCheck;
    this.classifier = classifier;
    this.audit = audit;
    this.modes = modes;
    this.alerts = alerts;
    this.deadLetters = deadLetters;
    this.remediation = remediation;
    this.metrics = metrics;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
    ObjectNode result = PowertoolsLogging.withLogging(context, () -> triage(bytes, context));
    metrics.record(
        result.path("status").asText(),
        result.has("category") ? Category.valueOf(result.get("category").asText()) : null,
        result.has("remediation"));
    out.write(Json.MAPPER.writeValueAsBytes(result));
  }

  private ObjectNode triage(byte[] bytes, Context context) {
    String event = new String(bytes, StandardCharsets.UTF_8);
    Instant now = clock.instant();
    Finding finding;
    try {
      if (bytes.length > MAX_EVENT_BYTES) {
        throw new InvalidInputException(
            "event is over " + MAX_EVENT_BYTES / 1024 + " KB, the EventBridge maximum");
      }
      finding = classifier.classify(parser.parse(event));
    } catch (InvalidInputException e) {
      LOG.warn("parked an event that cannot be diagnosed: {}", e.getMessage());
      deadLetters.park(event, e.getMessage());
      audit.record(
          new AuditRecord(
              context.getAwsRequestId(), now, null, null, "PARKED", null, e.getMessage()));
      return result("PARKED").put("error", e.getMessage());
    }

    // Pasted messages have no EventBridge id; the request id keeps them distinct.
    String eventId = finding.eventId() != null ? finding.eventId() : context.getAwsRequestId();
    MDC.put("eventId", eventId);
    MDC.put("category", finding.category().name());
    MDC.put("signatureId", finding.signatureId());
    try {
      if (!audit.claimEvent(eventId, now, STALE_CLAIM)) {
        LOG.info("duplicate delivery of event {}: already handled", eventId);
        return result("DUPLICATE", finding);
      }
      try {
        ObjectNode result = decide(finding, eventId, event, now);
        audit.completeEvent(eventId);
        return result;
      } catch (RuntimeException e) {
        audit.releaseEvent(eventId);
        throw e;
      }
    } finally {
      MDC.clear();
    }
  }

  private ObjectNode decide(Finding finding, String eventId, String event, Instant now) {
    Mode mode = modes.modeFor(finding.resource());
    if (mode == Mode.OFF) {
      audit.record(new AuditRecord(eventId, now, finding, null, "OPTED_OUT", mode.name(), null));
      LOG.info("service opted out with {}=off", ModeResolver.TAG);
      return result("OPTED_OUT", finding);
    }
    AuditStore.Occurrence o = audit.recordOccurrence(finding, now, window);
    MDC.put("incidentId", o.incidentId());
    String decision =
        !o.alert() ? "SUPPRESSED" : finding.category().pages() ? "NOTIFIED" : "LABELLED";
    audit.record(
        new AuditRecord(
            eventId,
            now,
            finding,
            o.incidentId(),
            decision,
            mode.name(),
            "occurrence " + o.occurrences()));
    Optional<CheckReport> check =
        o.alert() ? check(finding, event, eventId, o.incidentId(), mode, now) : Optional.empty();
    if (o.alert()) {
      try {
        alerts.publish(
            finding,
            o.incidentId(),
            o.suppressed(),
            check.map(r -> r.alertLines(MAX_CHECKED_LINES)).orElse(List.of()));
      } catch (RuntimeException e) {
        audit.releaseNotification(finding.fingerprint(), now);
        throw e;
      }
    } else {
      // Occurrences of this incident: its first alert plus the repeats folded since.
      alerts.repeat(finding, o.incidentId(), o.suppressed() + 1);
    }
    LOG.info(
        "{} {}/{} (occurrence {} of incident {})",
        decision,
        finding.category(),
        finding.subcause(),
        o.occurrences(),
        o.incidentId());
    ObjectNode result =
        result(decision, finding).put("incidentId", o.incidentId()).put("mode", mode.name());
    if (o.alert()) {
      Finding target = check.map(r -> inCheckedService(finding, r)).orElse(finding);
      Mode targetMode = target == finding ? mode : modes.modeFor(target.resource());
      if (remediation.wants(target, targetMode)) {
        startRemediation(target, o.incidentId(), eventId, targetMode, now)
            .ifPresent(arn -> result.put("remediation", arn));
      }
    }
    result.set("finding", FindingJson.toJson(finding));
    check.ifPresent(report -> result.set("check", report.toJson()));
    return result;
  }

  /**
   * An ALB alarm names a target group and an ExecuteCommand error a task, not a service: when the
   * deep check found the service behind them, the workflow can act on it (the incident and its
   * fingerprint stay as the event named them). The service's own mode tag then applies.
   */
  private static Finding inCheckedService(Finding finding, CheckReport report) {
    CheckReport.Service s = report.service();
    if (s == null || finding.resource().service() != null) {
      return finding;
    }
    String cluster = finding.resource().cluster();
    if (cluster != null && !cluster.equals(s.cluster())) {
      return finding;
    }
    return finding.withResource(finding.resource().inService(s.cluster(), s.name()));
  }

  /** Lines of a deep check in an alert: its verdict, then at most this many failing steps. */
  static final int MAX_CHECKED_LINES = 4;

  /**
   * The incident's deep check, audited as {@code CHECKED}. Evidence for the alert, never a reason
   * to hold it back: a checker that breaks is logged and the alert goes out without it.
   */
  private Optional<CheckReport> check(
      Finding finding, String event, String eventId, String incidentId, Mode mode, Instant now) {
    Optional<CheckReport> report;
    long started = System.nanoTime();
    try {
      report = deepCheck.run(finding, event);
    } catch (RuntimeException e) {
      LOG.warn("deep check of incident {} failed: {}", incidentId, e.toString());
      return Optional.empty();
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    report.ifPresent(r -> LOG.info("{} {} in {} ms", r.checker(), r.summary(), millis));
    report.ifPresent(
        r ->
            audit.record(
                new AuditRecord(
                    eventId + "#check",
                    now,
                    finding,
                    incidentId,
                    "CHECKED",
                    mode.name(),
                    r.checker() + " " + r.summary() + failures(r))));
    return report;
  }

  private static String failures(CheckReport r) {
    List<String> lines = r.failureLines(MAX_CHECKED_LINES);
    return lines.isEmpty() ? "" : ": " + String.join("; ", lines);
  }

  /**
   * Starts the incident's workflow. The alert is out already, so a failure here must not fail the
   * invocation (a retry would page again): the incident is parked for a manual start and audited.
   */
  private Optional<String> startRemediation(
      Finding finding, String incidentId, String eventId, Mode mode, Instant now) {
    try {
      Optional<String> arn = remediation.start(finding, incidentId, eventId, mode, now);
      if (arn.isPresent()) {
        LOG.info("started remediation workflow {}", arn.get());
      } else {
        LOG.info("remediation workflow of incident {} was already started", incidentId);
      }
      return arn;
    } catch (RuntimeException e) {
      String reason = "remediation workflow not started: " + e.getClass().getSimpleName();
      LOG.error("{} for incident {}: {}", reason, incidentId, e.getMessage());
      deadLetters.park(
          Json.MAPPER
              .createObjectNode()
              .put("incidentId", incidentId)
              .put("eventId", eventId)
              .put("mode", mode.name())
              .toString(),
          reason);
      audit.record(
          new AuditRecord(
              eventId + "#remediation",
              now,
              finding,
              incidentId,
              "REMEDIATION_NOT_STARTED",
              mode.name(),
              reason));
      return Optional.empty();
    }
  }

  private static ObjectNode result(String status) {
    return Json.MAPPER.createObjectNode().put("status", status);
  }

  private static ObjectNode result(String status, Finding finding) {
    return result(status).put("category", finding.category().name());
  }
}
