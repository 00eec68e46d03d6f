package io.ecsmedic.event;

/**
 * A free-text field of an input that text signatures read, e.g. {@code detail.stoppedReason}.
 *
 * @param path the JSON path, used in evidence
 * @param value the text as the input gave it
 */
public record TextField(String path, String value) {}
