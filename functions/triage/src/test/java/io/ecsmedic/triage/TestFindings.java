package io.ecsmedic.triage;

import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ResourceRef;
import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;

/** Findings for channel tests, classified from the bundled event fixtures. */
final class TestFindings {
  private static final Path EVENTS = Fixtures.root();

  private TestFindings() {}

  static Finding oom() throws Exception {
    Path fixture = EVENTS.resolve("task-state-change/oom-container-limit.json");
    return Classifier.bundled().classify(new InputParser().parse(Files.readString(fixture)));
  }

  /** The same finding about a service whose name and summary are {@code text}. */
  static Finding withServiceAndSummary(Finding f, String text) {
    ResourceRef r = f.resource();
    return new Finding(
        f.category(),
        f.subcause(),
        f.signatureId(),
        text,
        f.evidence(),
        f.actions(),
        f.runbook(),
        new ResourceRef(
            r.account(),
            r.region(),
            r.cluster(),
            text,
            r.task(),
            r.taskDefinition(),
            r.container(),
            r.cpu(),
            r.memory(),
            r.launchType(),
            r.targetGroup(),
            r.loadBalancer()),
        f.eventId(),
        f.detailType(),
        f.raw());
  }
}
