package io.ecsmedic.check;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One step of a checklist: a stable id for machines (JSON output, tests, dashboards; never rename
 * one) and the title on-call reads.
 *
 * @param id dotted and lower-case, e.g. {@code alb.port} or {@code exec.task-role}
 * @param title what the step checks, phrased as what should hold
 */
public record CheckStep(String id, String title) {
  private static final Pattern ID = Pattern.compile("[a-z]+(\\.[a-z0-9-]+)+");

  public CheckStep {
    Objects.requireNonNull(title, "title");
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("check id must look like 'alb.port', got " + id);
    }
  }
}
