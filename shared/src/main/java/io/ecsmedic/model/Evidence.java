package io.ecsmedic.model;

import java.util.Objects;

/**
 * One fact that made a signature fire: where it was found, what the input said there, and which
 * rule it satisfied. On-call engineers read this to trust (or doubt) a diagnosis.
 *
 * @param field JSON path in the input, e.g. {@code detail.containers[0].reason}
 * @param value the input's value there, shortened to an excerpt around the match; {@link #ABSENT}
 *     when the rule is about the field being missing
 * @param rule the rule it satisfied, e.g. {@code contains "Container killed due to memory usage"}
 */
public record Evidence(String field, String value, String rule) {
  /** The value of a field the input does not have (JSON output keeps it as is). */
  public static final String ABSENT = "(absent)";

  public Evidence {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(rule, "rule");
  }

  /** Whether the evidence is that the field is missing, not a value it has. */
  public boolean absent() {
    return ABSENT.equals(value);
  }
}
