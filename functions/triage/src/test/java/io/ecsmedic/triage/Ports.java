package io.ecsmedic.triage;

import io.ecsmedic.classify.Classifier;
import io.ecsmedic.model.Mode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recording fakes of every port triage has, each of which a test can make fail, and the use case
 * wired over them (PROPOSE, one-hour window, no deep check unless set).
 */
final class Ports {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** One parked item: what the dead-letter queue would hold. */
  record Parked(String eventId, String payload, String reason) {}

  final InMemoryAuditStore audit = new InMemoryAuditStore();
  final List<Alert> sent = new ArrayList<>();
  final List<Parked> parked = new ArrayList<>();
  final List<String> started = new ArrayList<>();
  final Map<String, String> tags = new HashMap<>();
  ModeResolver.ServiceTags tagReader = arn -> tags;
  AlertPublisher sns =
      alert -> {
        sent.add(alert);
        return Delivery.DELIVERED;
      };
  AlertPublisher slack = AlertPublisher.NONE;
  DeadLetters deadLetters = (id, payload, reason) -> parked.add(new Parked(id, payload, reason));
  RemediationStarter.Workflow workflow =
      (name, input) -> {
        started.add(input);
        return Optional.of("arn:aws:states:us-east-1:123456789012:execution:r:" + name);
      };
  DeepCheck deepCheck = DeepCheck.NONE;

  /**
   * How the event's account is reached; null: this stack's account only, with {@link #deepCheck}.
   */
  AccountReach reach;

  AuditStore store = audit;
  WhatChanged whatChanged = WhatChanged.NONE;
  DeploymentStatus deployments = DeploymentStatus.NONE;
  long crashLoopThreshold = Long.MAX_VALUE;

  /** The new incident's evidence (last words, flight record); null: none. */
  IncidentEvidence evidence;

  TriageHandler handler() {
    Triage triage =
        new Triage(
            Classifier.bundled(),
            store,
            new ModeResolver(
                Mode.PROPOSE, arn -> tagReader.tagsOf(arn), Duration.ofMinutes(5), CLOCK),
            alert -> sns.publish(alert),
            alert -> slack.publish(alert),
            (id, payload, reason) -> deadLetters.park(id, payload, reason),
            new RemediationStarter(
                (name, input) -> workflow.start(name, input), Duration.ofDays(90)),
            reach != null
                ? reach
                : AccountReach.ownAccountOnly((finding, event) -> deepCheck.run(finding, event)),
            request -> whatChanged.explain(request),
            new DeploymentFolding(
                new DeploymentStatus() {
                  @Override
                  public io.ecsmedic.change.DeploymentOutcome outcome(
                      String cluster, String service, String id) {
                    return deployments.outcome(cluster, service, id);
                  }

                  @Override
                  public Optional<String> inProgress(String cluster, String service) {
                    return deployments.inProgress(cluster, service);
                  }
                },
                crashLoopThreshold),
            Duration.ofHours(1),
            CLOCK);
    return TestTriage.handler(evidence != null ? triage.withEvidence(evidence) : triage);
  }

  List<String> decisions() {
    return audit.records.stream().map(AuditRecord::decision).toList();
  }
}
