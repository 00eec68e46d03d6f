package io.ecsmedic.triage;

import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.notify.AlertText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Triage's SnapStart priming (see {@link io.ecsmedic.snapstart.SnapStartHooks}): before the
 * snapshot, runs what every event goes through up to the first AWS call, over a few events bundled
 * in the jar ({@code priming/}, copies of events/ fixtures of each rule's kind): the event parsed,
 * classified by the handler's own classifier (the catalogue's signatures and the event-ruler
 * machine), the alert rendered for SNS (text, subject, JSON) and for Slack, and the invocation's
 * outcome written as JSON. A restored environment then starts with those classes loaded and run.
 *
 * <p>Not primed, because each would call AWS: claiming the event, the mode tag, publishing, the
 * deep checks, the container's last words, the flight record. Their SDK clients that every event
 * needs are already built by the constructor (without credentials resolved or connections made);
 * the rest are built on first use.
 *
 * <p>Nothing to refresh after a restore: the triage function caches no timestamp, id or random
 * value at initialisation. Its caches (the mode tags, the Slack secret, Slack threads) fill only
 * from calls made while handling events, never before the snapshot.
 */
final class TriagePriming {
  /**
   * One event of each rule's kind: a stopped task (twice), a deployment, an API error, an alarm.
   */
  static final List<String> EVENTS =
      List.of(
          "priming/oom-container-limit.json",
          "priming/app-exit-1.json",
          "priming/deployment-failed-circuit-breaker.json",
          "priming/exec-not-enabled.json",
          "priming/alb-elb-502.json");

  private final Classifier classifier;

  TriagePriming(Classifier classifier) {
    this.classifier = classifier;
  }

  /** Classifies and renders every bundled event; returns the findings, for the tests. */
  List<Finding> prime() {
    InputParser parser = new InputParser();
    return EVENTS.stream().map(name -> primeWith(parser, read(name))).toList();
  }

  private Finding primeWith(InputParser parser, String event) {
    try {
      Finding finding = classifier.classify(parser.parse(event));
      Alert alert = new Alert(finding, "priming", 0);
      AlertText.body(finding, alert.incidentId(), alert.repeatsFolded(), alert.checked());
      SnsAlertPublisher.subject(finding);
      SnsAlertPublisher.machineReadable(finding, alert.incidentId(), 0).toString();
      SlackAlert.payload(alert).toString();
      Json.MAPPER.writeValueAsBytes(TriageOutcome.duplicate("priming", finding).toJson());
      return finding;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (io.ecsmedic.event.InvalidInputException e) {
      throw new IllegalStateException("a bundled priming event does not parse", e);
    }
  }

  private static String read(String name) {
    try (InputStream in = TriagePriming.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("priming event missing from the jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
