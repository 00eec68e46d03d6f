package io.ecsmedic.event;

/**
 * The input cannot be diagnosed: not JSON, not an object, an unsupported detail-type or a missing
 * field. The message says what was wrong and where (field path, event id) and never echoes the
 * whole input, which may carry environment values or secrets from container overrides.
 */
public class InvalidInputException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }
}
