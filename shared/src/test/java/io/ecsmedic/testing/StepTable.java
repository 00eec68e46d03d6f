package io.ecsmedic.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmedic.check.CheckResult;
import io.ecsmedic.check.CheckResult.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Rows of a checklist case table: a name, the facts, and the statuses expected of the steps the row
 * is about ({@code row("agent stopped", facts, "exec.agent", FAIL)}).
 */
public final class StepTable {
  private StepTable() {}

  /** One row; {@code stepsAndStatuses} alternates a step id and its expected status. */
  public static Arguments row(String name, Object facts, Object... stepsAndStatuses) {
    if (stepsAndStatuses.length == 0 || stepsAndStatuses.length % 2 != 0) {
      throw new IllegalArgumentException(name + ": give step id / status pairs");
    }
    Map<String, Status> expected = new LinkedHashMap<>();
    for (int i = 0; i < stepsAndStatuses.length; i += 2) {
      expected.put((String) stepsAndStatuses[i], (Status) stepsAndStatuses[i + 1]);
    }
    return Arguments.of(name, facts, expected);
  }

  /** A command someone can paste: an AWS CLI call, a docker command, or ecs-medic itself. */
  private static final String COMMAND = "(aws [a-z0-9]+ [a-z-]+|docker [a-z]+|ecs-medic [a-z-]+)";

  /** Every FAIL among {@code results} says the command that fixes it (and there is one FAIL). */
  public static void assertEveryFailHasACommand(List<CheckResult> results) {
    assertThat(results)
        .filteredOn(r -> r.status() == Status.FAIL)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.fix()).as(r.id()).containsPattern(COMMAND));
  }

  /** Status by step id, in the checklist's order. */
  public static Map<String, Status> statuses(List<CheckResult> results) {
    Map<String, Status> byId = new LinkedHashMap<>();
    results.forEach(r -> byId.put(r.id(), r.status()));
    return byId;
  }
}
