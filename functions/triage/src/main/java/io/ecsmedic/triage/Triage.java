package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.change.ChangeCollector;
import io.ecsmedic.change.ChangeReport;
import io.ecsmedic.change.DeploymentIncident;
import io.ecsmedic.check.CheckReport;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.evidence.SecondStage;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.Mode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Triage of one event, the use case behind {@link TriageHandler}:
 *
 * <ol>
 *   <li>parse and classify;
 *   <li>claim the event id (EventBridge delivers at least once: a second delivery does nothing);
 *   <li>resolve the mode: the template's Mode, the tag {@code ecs-medic:mode} ({@code off} opts
 *       out); OBSERVE when the tag cannot be read or the event's account and region cannot be
 *       reached ({@link AccountReach}: the own account, or a member account through its role);
 *   <li>count the occurrence on its incident: only the first occurrence in the notification window
 *       alerts; repeats are counted and folded into the next alert. A paging failure during a
 *       service deployment belongs to that deployment's incident ({@link DeploymentIncident}); a
 *       repeat there alerts only to tell the deployment's outcome or a crash loop ({@link
 *       DeploymentFolding});
 *   <li>for a new incident of this account, read what changed before the failure ({@link
 *       WhatChanged}, within its budget) for the alert to lead with;
 *   <li>for a new incident of this account and region: read the stopped container's last log lines
 *       within their time budget, refine the diagnosis from them (second stage), write the flight
 *       record (a failure is audited, never holds the alert). The deep check, what changed and the
 *       last words are read at the same time, each within its own budget;
 *   <li>write the audit record, then alert: SNS, then Slack (a Slack failure is audited and parked,
 *       never re-sends SNS, never stops the workflow);
 *   <li>start the remediation workflow when the finding is actionable, the mode allows it (PROPOSE
 *       or AUTO) and the event's account and region were reached.
 * </ol>
 *
 * <p>Never throws for one event: whatever fails (parse, classify, a store, SNS, the starter) parks
 * the event on the dead-letter queue with its reason and event id, and audits it as PARKED.
 * Lambda's retries would only page again. The claim is given back when nothing was sent yet (a
 * redelivery or a replay from the queue does it all) and kept when the SNS alert went out (a
 * redelivery must not page twice). Only when neither the queue nor the audit table takes the event
 * does triage throw, leaving it to Lambda's retries and on-failure destination.
 */
final class Triage {
  private static final Logger LOG = LoggerFactory.getLogger(Triage.class);

  /** EventBridge events are at most 256 KB; anything larger is not an EventBridge event. */
  static final int MAX_EVENT_BYTES = 256 * 1024;

  /** A claim older than this belongs to an invocation that died (the function timeout is 30 s). */
  static final Duration STALE_CLAIM = Duration.ofSeconds(90);

  /** Lines of a deep check in an alert: its verdict, then at most this many failing steps. */
  static final int MAX_CHECKED_LINES = 4;

  /** The longest exception message quoted in a park reason. */
  private static final int MAX_MESSAGE = 300;

  private final Classifier classifier;
  private final InputParser parser = new InputParser();
  private final AuditStore audit;
  private final ModeResolver modes;
  private final AlertPublisher sns;
  private final AlertPublisher slack;
  private final DeadLetters deadLetters;
  private final RemediationStarter remediation;
  private final AccountReach accounts;
  private final WhatChanged whatChanged;
  private final DeploymentFolding folding;
  private final Duration window;
  private final Clock clock;
  private final IncidentEvidence evidence;
  private final SecondStage secondStage;

  /**
   * @param sns the channel of record: its failure parks the event
   * @param slack the second channel, {@link AlertPublisher#NONE} without one
   * @param window repeats of a fingerprint inside it are counted, not sent
   */
  Triage(
      Classifier classifier,
      AuditStore audit,
      ModeResolver modes,
      AlertPublisher sns,
      AlertPublisher slack,
      DeadLetters deadLetters,
      RemediationStarter remediation,
      DeepCheck deepCheck,
      Duration window,
      Clock clock) {
    this(
        classifier,
        audit,
        modes,
        sns,
        slack,
        deadLetters,
        remediation,
        AccountReach.ownAccountOnly(deepCheck),
        WhatChanged.NONE,
        new DeploymentFolding(DeploymentStatus.NONE, Long.MAX_VALUE),
        window,
        clock);
  }

  /**
   * @param accounts reaches the event's own account and region (tags, deep check), or says why not
   * @param whatChanged what changed before a new incident's failure
   * @param folding what a deployment's incident tells beyond its first alert
   */
  Triage(
      Classifier classifier,
      AuditStore audit,
      ModeResolver modes,
      AlertPublisher sns,
      AlertPublisher slack,
      DeadLetters deadLetters,
      RemediationStarter remediation,
      AccountReach accounts,
      WhatChanged whatChanged,
      DeploymentFolding folding,
      Duration window,
      Clock clock) {
    this.classifier = classifier;
    this.audit = audit;
    this.modes = modes;
    this.sns = sns;
    this.slack = slack;
    this.deadLetters = deadLetters;
    this.remediation = remediation;
    this.accounts = accounts;
    this.whatChanged = whatChanged;
    this.folding = folding;
    this.window = window;
    this.clock = clock;
    this.evidence = IncidentEvidence.NONE;
    this.secondStage = new SecondStage(classifier);
  }

  private Triage(Triage t, IncidentEvidence evidence) {
    this.classifier = t.classifier;
    this.audit = t.audit;
    this.modes = t.modes;
    this.sns = t.sns;
    this.slack = t.slack;
    this.deadLetters = t.deadLetters;
    this.remediation = t.remediation;
    this.accounts = t.accounts;
    this.whatChanged = t.whatChanged;
    this.folding = t.folding;
    this.window = t.window;
    this.clock = t.clock;
    this.evidence = evidence;
    this.secondStage = t.secondStage;
  }

  /** The classifier, which the SnapStart priming runs before the snapshot (TriagePriming). */
  Classifier classifier() {
    return classifier;
  }

  /**
   * This triage, with a new incident's evidence gathered: the container's last words in the alert
   * (and the second-stage diagnosis they allow), and the flight record written once.
   */
  Triage withEvidence(IncidentEvidence evidence) {
    return new Triage(this, evidence);
  }

  /** What happened so far to one event: decides whether its claim may be given back. */
  private static final class Progress {
    String incidentClaimed;
    boolean alerted;
  }

  /**
   * @param bytes the event, at most one byte over {@link #MAX_EVENT_BYTES} (more is not read)
   * @param requestId stands in for the event id of an event without one
   * @param ownAccount the stack's account; empty: unknown, so every event naming one is foreign
   */
  TriageOutcome triage(byte[] bytes, String requestId, Optional<String> ownAccount) {
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
      return park(event, EventIds.of(event, requestId), null, e.getMessage(), now);
    } catch (RuntimeException e) {
      return park(
          event, EventIds.of(event, requestId), null, "could not diagnose: " + describe(e), now);
    }
    // Pasted messages have no EventBridge id; the request id keeps them distinct.
    String eventId = finding.eventId() != null ? finding.eventId() : requestId;
    MDC.put("eventId", eventId);
    MDC.put("category", finding.category().name());
    MDC.put("signatureId", finding.signatureId());
    try {
      return claimed(finding, eventId, event, now, ownAccount);
    } finally {
      MDC.clear();
    }
  }

  private TriageOutcome claimed(
      Finding finding, String eventId, String event, Instant now, Optional<String> ownAccount) {
    boolean claimed;
    try {
      claimed = audit.claimEvent(eventId, now, STALE_CLAIM);
    } catch (RuntimeException e) {
      return park(event, eventId, finding, "event not claimed: " + describe(e), now);
    }
    if (!claimed) {
      LOG.info("duplicate delivery of event {}: already handled", eventId);
      return TriageOutcome.duplicate(eventId, finding);
    }
    Progress progress = new Progress();
    TriageOutcome outcome;
    try {
      outcome = decide(finding, eventId, event, now, ownAccount, progress);
    } catch (RuntimeException e) {
      giveBack(finding, eventId, now, progress);
      return park(event, eventId, finding, describe(e), now);
    }
    try {
      audit.completeEvent(eventId);
    } catch (RuntimeException e) {
      // Everything was done; only a redelivery after the claim went stale would repeat it.
      LOG.warn("event {} handled but not marked done: {}", eventId, describe(e));
    }
    return outcome;
  }

  private TriageOutcome decide(
      Finding finding,
      String eventId,
      String event,
      Instant now,
      Optional<String> ownAccount,
      Progress progress) {
    AccountReach.Reach reach = accounts.of(AccountReach.Where.of(finding.resource(), ownAccount));
    String foreign = reach instanceof AccountReach.Unreachable u ? u.note() : null;
    // What changed and a deployment's outcome are read with this stack's own clients, so only for
    // events of its own account and region (docs/multi-account.md, "Not done").
    boolean home = reach instanceof AccountReach.Reached r && r.home();
    ModeResolver.Resolved resolved =
        foreign != null
            ? new ModeResolver.Resolved(Mode.OBSERVE, foreign)
            : modes.modeFor(finding.resource(), reach);
    Mode mode = resolved.mode();
    if (mode == Mode.OFF) {
      audit.record(new AuditRecord(eventId, now, finding, null, "OPTED_OUT", mode.name(), null));
      LOG.info("service opted out with {}=off", ModeResolver.TAG);
      return new TriageOutcome(
          TriageOutcome.Status.OPTED_OUT,
          eventId,
          finding,
          mode,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    JsonNode input = readQuietly(event);
    DeploymentIncident incident =
        home ? folding.incidentOf(finding, input) : DeploymentIncident.of(finding, input);
    AuditStore.Occurrence o = audit.recordOccurrence(incident.key(), finding, now, window);
    if (o.alert()) {
      progress.incidentClaimed = incident.key();
    }
    MDC.put("incidentId", o.incidentId());
    DeploymentFolding.Told told =
        home
            ? folding.tell(incident, finding.resource(), o.alert(), o.occurrences())
            : DeploymentFolding.Told.NOTHING;
    boolean alerts = o.alert() || told.update();
    TriageOutcome.Status status =
        !alerts
            ? TriageOutcome.Status.SUPPRESSED
            : finding.category().pages()
                ? TriageOutcome.Status.NOTIFIED
                : TriageOutcome.Status.LABELLED;
    String occurrence =
        "occurrence " + o.occurrences() + (told.why() == null ? "" : "; " + told.why());
    audit.record(
        new AuditRecord(
            eventId,
            now,
            finding,
            o.incidentId(),
            status.name(),
            mode.name(),
            resolved.why() == null ? occurrence : occurrence + "; " + resolved.why()));
    LOG.info(
        "{} {}/{} (occurrence {} of incident {})",
        status,
        finding.category(),
        finding.subcause(),
        o.occurrences(),
        o.incidentId());
    if (!alerts) {
      repeat(finding, o.incidentId(), o.suppressed() + 1);
      return new TriageOutcome(
          status, eventId, finding, mode, resolved.why(), o.incidentId(), null, null, null, null);
    }
    List<String> notes = new java.util.ArrayList<>();
    if (resolved.why() != null) {
      notes.add(resolved.why());
    }
    notes.addAll(told.notes());
    if (!o.alert()) {
      // A deployment's outcome or crash loop on an open incident: told, nothing started again.
      Alert update = new Alert(finding, o.incidentId(), o.suppressed(), List.of(), notes);
      sns.publish(update);
      progress.alerted = true;
      String slackFailure = slack(update, finding, eventId, mode, now);
      return new TriageOutcome(
          status,
          eventId,
          finding,
          mode,
          resolved.why(),
          o.incidentId(),
          null,
          slackFailure,
          null,
          null);
    }
    // The new incident's three evidence reads need nothing from each other and each keeps to its
    // own budget: the deep check and what changed run beside this thread's last-words read, so the
    // alert waits for the slowest of them, not for their sum.
    Finding first = finding;
    CompletableFuture<Optional<CheckReport>> checking =
        foreign != null
            ? CompletableFuture.completedFuture(Optional.empty())
            : alongside(
                "evidence-check",
                () ->
                    check(
                        ((AccountReach.Reached) reach).check(),
                        first,
                        event,
                        eventId,
                        o.incidentId(),
                        mode,
                        now));
    CompletableFuture<ChangeReport> changing =
        home
            ? alongside(
                "evidence-changes", () -> whatChanged(first, incident, input, now).orElse(null))
            : CompletableFuture.completedFuture(null);
    LogExcerpt lastWords = home ? lastWords(event, finding, o.incidentId()) : null;
    Optional<CheckReport> check = checking.join();
    ChangeReport changed = changing.join();
    finding = refine(event, finding, lastWords);
    String record =
        home
            ? new FlightRecorder(evidence, audit)
                .write(finding, event, eventId, o.incidentId(), lastWords, check, mode, now)
            : null;
    Alert alert =
        new Alert(
            finding,
            o.incidentId(),
            o.suppressed(),
            check.map(r -> r.alertLines(MAX_CHECKED_LINES)).orElse(List.of()),
            notes,
            changed,
            lastWords,
            record);
    sns.publish(alert);
    progress.alerted = true;
    String slackFailure = slack(alert, finding, eventId, mode, now);
    String arn =
        foreign != null
            ? null
            : remediate(finding, reach, check, o.incidentId(), eventId, mode, now);
    return new TriageOutcome(
        status,
        eventId,
        finding,
        mode,
        resolved.why(),
        o.incidentId(),
        check.orElse(null),
        slackFailure,
        arn,
        null);
  }

  /**
   * What changed before the failure of a service's new incident. Evidence for the alert, never a
   * reason to hold it back: the collector keeps to its budget, and one that breaks is logged.
   */
  private Optional<ChangeReport> whatChanged(
      Finding finding, DeploymentIncident incident, JsonNode input, Instant now) {
    if (finding.resource().service() == null || finding.resource().cluster() == null) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    try {
      Optional<ChangeReport> report =
          whatChanged
              .explain(
                  new ChangeCollector.Request(
                      finding.resource().cluster(),
                      finding.resource().service(),
                      finding.resource().taskDefinition(),
                      incident.deploymentId(),
                      eventTime(input, now)))
              .filter(r -> r.found() || !r.notes().isEmpty());
      long millis = (System.nanoTime() - started) / 1_000_000;
      report.ifPresent(r -> LOG.info("what changed read in {} ms: {}", millis, r.lead()));
      return report;
    } catch (RuntimeException e) {
      LOG.warn("what changed not read: {}", e.toString());
      return Optional.empty();
    }
  }

  /**
   * Runs one evidence read on a thread of its own, with this thread's log context. The reads catch
   * their own failures (evidence never holds the alert back), so the future fails only on an {@link
   * Error}, which {@code join} then rethrows wrapped.
   */
  private static <T> CompletableFuture<T> alongside(String name, Supplier<T> read) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofPlatform()
        .name(name)
        .daemon()
        .start(
            () -> {
              if (context != null) {
                MDC.setContextMap(context);
              }
              try {
                result.complete(read.get());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              } finally {
                MDC.clear();
              }
            });
    return result;
  }

  /** The event's {@code time}, when it has one; else when triage saw it. */
  private static Instant eventTime(JsonNode input, Instant now) {
    if (input == null || !input.path("time").isTextual()) {
      return now;
    }
    try {
      return Instant.parse(input.path("time").asText());
    } catch (java.time.format.DateTimeParseException e) {
      return now;
    }
  }

  /** The event as JSON for the deployment rule; null when it is not (a pasted message). */
  private static JsonNode readQuietly(String event) {
    try {
      return Json.MAPPER.readTree(event);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** The container's last words; evidence for the alert, never a reason to hold it back. */
  private LogExcerpt lastWords(String event, Finding finding, String incidentId) {
    try {
      return evidence.lastWords(event, finding);
    } catch (RuntimeException e) {
      LOG.warn("last log lines of incident {} not read: {}", incidentId, describe(e));
      return null;
    }
  }

  /**
   * The second-stage diagnosis from the last words ({@link SecondStage}); the first-stage finding
   * when they say nothing the catalogue knows. The incident keeps the first stage's fingerprint.
   */
  private Finding refine(String event, Finding finding, LogExcerpt lastWords) {
    if (lastWords == null || lastWords.lines().isEmpty()) {
      return finding;
    }
    try {
      Finding refined = secondStage.refine(Json.MAPPER.readTree(event), finding, lastWords);
      if (refined != finding) {
        LOG.info("last log lines refine {} to {}", finding.subcause(), refined.subcause());
      }
      return refined;
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("second-stage diagnosis skipped: {}", e.toString());
      return finding;
    }
  }

  /** Occurrences of this incident: its first alert plus the repeats folded since. */
  private void repeat(Finding finding, String incidentId, long occurrences) {
    try {
      slack.repeat(finding, incidentId, occurrences);
    } catch (RuntimeException e) {
      LOG.warn("repeat of incident {} not told to Slack: {}", incidentId, describe(e));
    }
  }

  /**
   * Posts to Slack. A failure is the incident's, not the event's: it is audited as {@code
   * SLACK_NOT_DELIVERED} and parked with the incident id, and triage goes on.
   *
   * @return why Slack did not take it; null when it did
   */
  private String slack(Alert alert, Finding finding, String eventId, Mode mode, Instant now) {
    Delivery delivery;
    try {
      delivery = slack.publish(alert);
    } catch (RuntimeException e) {
      // A Slack publisher never throws; should one, its message is not trusted to be clean.
      delivery = Delivery.failed("Slack alert not delivered: " + e.getClass().getSimpleName());
    }
    if (delivery.delivered()) {
      return null;
    }
    String reason = delivery.failure();
    LOG.warn("{} (incident {})", reason, alert.incidentId());
    parkQuietly(eventId, incidentPayload(alert.incidentId(), eventId, mode, "slack"), reason);
    recordQuietly(
        new AuditRecord(
            eventId + "#slack",
            now,
            finding,
            alert.incidentId(),
            "SLACK_NOT_DELIVERED",
            mode.name(),
            reason));
    return reason;
  }

  /**
   * An ALB alarm names a target group and an ExecuteCommand error a task, not a service: when the
   * deep check found the service behind them, the workflow can act on it (the incident and its
   * fingerprint stay as the event named them). The service's own mode tag then applies.
   */
  private String remediate(
      Finding finding,
      AccountReach.Reach reach,
      Optional<CheckReport> check,
      String incidentId,
      String eventId,
      Mode mode,
      Instant now) {
    Finding target = check.map(r -> inCheckedService(finding, r)).orElse(finding);
    Mode targetMode = target == finding ? mode : modes.modeFor(target.resource(), reach).mode();
    if (!remediation.wants(target, targetMode)) {
      return null;
    }
    return startRemediation(target, incidentId, eventId, targetMode, now).orElse(null);
  }

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

  /**
   * The incident's deep check, audited as {@code CHECKED}. Evidence for the alert, never a reason
   * to hold it back: a checker that breaks is logged and the alert goes out without it.
   */
  private Optional<CheckReport> check(
      DeepCheck deepCheck,
      Finding finding,
      String event,
      String eventId,
      String incidentId,
      Mode mode,
      Instant now) {
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
   * event (a retry would page again): the incident is parked for a manual start and audited.
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
      parkQuietly(eventId, incidentPayload(incidentId, eventId, mode, "remediation"), reason);
      recordQuietly(
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

  /** After a failure: nothing sent yet, the claims go back; the alert sent, they stay. */
  private void giveBack(Finding finding, String eventId, Instant now, Progress progress) {
    try {
      if (progress.alerted) {
        audit.completeEvent(eventId);
        return;
      }
      if (progress.incidentClaimed != null) {
        audit.releaseNotification(progress.incidentClaimed, now);
      }
      audit.releaseEvent(eventId);
    } catch (RuntimeException e) {
      LOG.warn("claims of event {} not settled: {}", eventId, describe(e));
    }
  }

  /**
   * Parks the event with its reason and audits it as PARKED. Throws only when neither took it: then
   * nothing holds the event but Lambda's retries and its on-failure destination.
   */
  private TriageOutcome park(
      String event, String eventId, Finding finding, String reason, Instant now) {
    LOG.warn("parked event {}: {}", eventId, reason);
    String queueFailure = parkQuietly(eventId, event, reason);
    String detail = queueFailure == null ? reason : reason + "; " + queueFailure;
    if (!recordQuietly(new AuditRecord(eventId, now, finding, null, "PARKED", null, detail))
        && queueFailure != null) {
      throw new IllegalStateException(
          "event " + eventId + " neither parked nor audited: " + reason);
    }
    return TriageOutcome.parked(eventId, finding, reason);
  }

  /**
   * @return why the dead-letter queue did not take it; null when it did
   */
  private String parkQuietly(String eventId, String payload, String reason) {
    try {
      deadLetters.park(eventId, payload, reason);
      return null;
    } catch (RuntimeException e) {
      String failure = "dead-letter queue unreachable: " + e.getClass().getSimpleName();
      LOG.error("event {} not parked, {}; it was: {}", eventId, failure, reason);
      return failure;
    }
  }

  private boolean recordQuietly(AuditRecord record) {
    try {
      audit.record(record);
      return true;
    } catch (RuntimeException e) {
      LOG.error("audit record {} of event {} lost: {}", record.decision(), record.eventId(), e);
      return false;
    }
  }

  /** What a parked incident step names: the incident, its event, and the step not done. */
  private static String incidentPayload(String incidentId, String eventId, Mode mode, String step) {
    return Json.MAPPER
        .createObjectNode()
        .put("incidentId", incidentId)
        .put("eventId", eventId)
        .put("mode", mode.name())
        .put("step", step)
        .toString();
  }

  /** An unexpected failure, for a park reason: its type and the start of its message. */
  static String describe(RuntimeException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String clipped = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE);
    return e.getClass().getSimpleName() + ": " + clipped;
  }
}
