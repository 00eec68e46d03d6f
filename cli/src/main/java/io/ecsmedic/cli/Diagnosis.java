package io.ecsmedic.cli;

import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.model.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies lines one at a time and groups the findings into incidents by fingerprint
 * (docs/architecture.md, "Noise control"), in order of first appearance: a service that crash-loops
 * 200 times is one incident. A describe-tasks line with several stopped tasks counts each task.
 */
final class Diagnosis {
  /** One incident: its first finding and how many inputs shared its fingerprint. */
  static final class Incident {
    final Finding first;
    final String firstSource;
    int count = 1;
    int lastSeen; // the input number of its latest occurrence

    Incident(Finding first, String firstSource) {
      this.first = first;
      this.firstSource = firstSource;
    }
  }

  /** A line that could not be diagnosed. */
  record Problem(String source, long line, String message) {}

  private final Classifier classifier;
  private final InputParser parser = new InputParser();
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();
  private int inputs;

  Diagnosis(Classifier classifier) {
    this.classifier = classifier;
  }

  /**
   * Classifies one line. Returns the finding, or null after recording the problem; never throws for
   * bad input.
   */
  Finding add(String source, LineReader.Line line) {
    inputs++;
    Result r = classify(classifier, parser, line);
    if (r.finding() == null) {
      problems.add(new Problem(source, line.number(), r.error()));
      return null;
    }
    for (Finding f : r.findings()) {
      Incident incident =
          incidents.compute(
              f.fingerprint(),
              (k, existing) -> {
                if (existing == null) {
                  return new Incident(f, source + ":" + line.number());
                }
                existing.count++;
                return existing;
              });
      incident.lastSeen = inputs;
    }
    return r.finding();
  }

  /**
   * A line's outcome: its findings (one per task of a describe-tasks output, else one), or the
   * error that replaces them.
   */
  record Result(List<Finding> findings, String error) {
    Result {
      findings = findings == null ? null : List.copyOf(findings);
    }

    static Result error(String error) {
      return new Result(null, error);
    }

    /** The finding that speaks for the line ({@link Classifier#primary}), or null on error. */
    Finding finding() {
      return findings == null ? null : Classifier.primary(findings);
    }
  }

  /**
   * The one place where a line becomes a finding or an error. Unexpected runtime failures are
   * translated into an error line too, so one bad line never stops the stream.
   */
  static Result classify(Classifier classifier, InputParser parser, LineReader.Line line) {
    if (line.problem() != null) {
      return Result.error(line.problem());
    }
    if (line.text().isBlank()) {
      return Result.error("empty line: expected one JSON document");
    }
    try {
      return new Result(classifier.classifyAll(parser.parseAll(line.text())), null);
    } catch (InvalidInputException e) {
      return Result.error(e.getMessage());
    } catch (RuntimeException e) {
      return Result.error("internal error while classifying this line: " + e);
    }
  }

  int inputs() {
    return inputs;
  }

  /**
   * The incidents in order of urgency: those that page first, then the most frequent, then the most
   * recent; an unpaged label never hides a failure below it.
   */
  List<Incident> incidents() {
    return incidents.values().stream()
        .sorted(
            java.util.Comparator.comparing((Incident i) -> !i.first.category().pages())
                .thenComparing(i -> -i.count)
                .thenComparing(i -> -i.lastSeen))
        .toList();
  }

  List<Problem> problems() {
    return List.copyOf(problems);
  }
}
