package io.ecsmedic.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;

/**
 * The second-stage diagnosis: the event classified again with the container's last log lines beside
 * it ({@code logTail}), kept only when a signature fired on one of those lines. Then the sub-cause,
 * summary and fix are the log signature's, and its evidence quotes the line that fired. Otherwise
 * (no lines, nothing in them the catalogue knows) the first-stage finding stands.
 */
public final class SecondStage {
  private final Classifier classifier;
  private final InputParser parser = new InputParser();

  public SecondStage(Classifier classifier) {
    this.classifier = classifier;
  }

  /**
   * @param event the task event the first stage classified
   * @param first its first-stage finding
   * @param excerpt the container's last words; only {@link LogExcerpt.Status#READ} lines are used
   */
  public Finding refine(JsonNode event, Finding first, LogExcerpt excerpt) {
    if (excerpt == null || excerpt.lines().isEmpty() || !event.isObject()) {
      return first;
    }
    ObjectNode withLines = event.deepCopy();
    excerpt.lines().forEach(withLines.putArray(InputParser.LOG_TAIL)::add);
    Finding refined;
    try {
      refined = classifier.classify(parser.parse(withLines));
    } catch (InvalidInputException e) {
      return first;
    }
    boolean fromLines =
        refined.evidence().stream()
            .map(Evidence::field)
            .anyMatch(f -> f.startsWith(InputParser.LOG_TAIL + "["));
    return fromLines ? refined : first;
  }
}
