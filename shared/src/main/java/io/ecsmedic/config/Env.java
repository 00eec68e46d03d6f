package io.ecsmedic.config;

import java.util.Map;

/**
 * Reading a function's configuration from the environment template.yaml declares: required values
 * and whole numbers, each failing at start-up with the variable's name and what was wrong.
 */
public final class Env {
  private Env() {}

  public static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; template.yaml declares it");
    }
    return value;
  }

  /** A whole number of at least {@code min}; {@code fallback} when unset or blank. */
  public static long number(Map<String, String> env, String name, long fallback, long min) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          name + " must be a whole number of at least " + min + ", not " + value);
    }
  }
}
