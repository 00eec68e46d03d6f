package io.ecsmedic.model;

import java.util.Locale;

/**
 * How sure a finding is (docs/taxonomy.md, "Confidence"). It never changes whether a finding pages:
 * a likely image-pull failure pages like a certain one, and says "likely".
 */
public enum Confidence {
  /** A signature's specific phrase or pattern fired. */
  HIGH,
  /** Only a generic signature fired, e.g. an exit code with no reason text. */
  MEDIUM,
  /** No signature fired; the words of the text point to the category. */
  LOW;

  /** The JSON form: {@code high}, {@code medium}, {@code low}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
