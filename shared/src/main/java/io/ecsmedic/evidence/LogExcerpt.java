package io.ecsmedic.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's last words: the last log lines it wrote before its task stopped, already redacted
 * ({@link Redaction}) and cut to the configured number of lines and bytes, or why there are none.
 * Every alert channel, the flight recorder and the second-stage diagnosis read this one value.
 *
 * @param status what the read came to
 * @param container the container whose lines these are
 * @param where where its logs are ({@link LogLocation#where()})
 * @param lines the newest lines last; empty unless {@link Status#READ}
 * @param cut how many older lines the line or byte cap left out
 * @param note why there are no lines (the error, "not read within 2000 ms"); null when read
 */
public record LogExcerpt(
    Status status, String container, String where, List<String> lines, int cut, String note) {

  /** What reading the lines came to. */
  public enum Status {
    /** Lines were read. */
    READ,
    /** The stream exists but holds nothing, or does not exist (yet). */
    EMPTY,
    /** The logs went somewhere ecs-medic does not read (FireLens, Splunk, no prefix, none). */
    ELSEWHERE,
    /** The time budget ran out first: the alert went without them. */
    TIMED_OUT,
    /** A call failed (denied, throttled, …). */
    FAILED
  }

  /** The longest line kept: a stack frame fits, a minified JSON blob does not. */
  public static final int MAX_LINE = 500;

  public LogExcerpt {
    lines = List.copyOf(lines);
  }

  /**
   * The lines as read (oldest first), redacted, each clipped to {@link #MAX_LINE}, keeping the
   * newest ones that fit in {@code maxLines} and {@code maxBytes} (UTF-8).
   */
  public static LogExcerpt read(
      String container, String where, List<String> raw, int maxLines, int maxBytes) {
    List<String> redacted = Redaction.redact(raw.stream().map(LogExcerpt::stripNewline).toList());
    List<String> kept = new ArrayList<>();
    int bytes = 0;
    for (int i = redacted.size() - 1; i >= 0 && kept.size() < maxLines; i--) {
      String line = clip(redacted.get(i));
      int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      kept.addFirst(line);
    }
    if (raw.isEmpty()) {
      return new LogExcerpt(Status.EMPTY, container, where, List.of(), 0, "the stream is empty");
    }
    return new LogExcerpt(Status.READ, container, where, kept, raw.size() - kept.size(), null);
  }

  /** No lines, and why ({@link Status#READ} is not allowed here). */
  public static LogExcerpt none(Status status, String container, String where, String note) {
    if (status == Status.READ) {
      throw new IllegalArgumentException("an excerpt without lines is not READ");
    }
    return new LogExcerpt(status, container, where, List.of(), 0, note);
  }

  /** The header line every channel shows above the lines. */
  public String title() {
    String who = container == null ? "the container" : container;
    return switch (status) {
      case READ ->
          "Last "
              + lines.size()
              + " log lines of "
              + who
              + " (redacted)"
              + (cut > 0 ? ", " + cut + " older not shown" : "");
      case EMPTY -> "No log lines from " + who + ": " + note;
      case ELSEWHERE -> "Logs of " + who + ": " + where;
      case TIMED_OUT, FAILED -> "Log lines of " + who + " not read: " + note;
    };
  }

  public ObjectNode toJson() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("status", status.name());
    json.put("container", container);
    json.put("where", where);
    lines.forEach(json.putArray("lines")::add);
    json.put("cut", cut);
    if (note != null) {
      json.put("note", note);
    }
    return json;
  }

  public static LogExcerpt fromJson(JsonNode json) {
    List<String> lines = new ArrayList<>();
    json.path("lines").forEach(l -> lines.add(l.asText()));
    return new LogExcerpt(
        Status.valueOf(json.path("status").asText()),
        json.path("container").textValue(),
        json.path("where").textValue(),
        lines,
        json.path("cut").asInt(),
        json.path("note").textValue());
  }

  private static String stripNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static String clip(String s) {
    return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE) + "…";
  }
}
