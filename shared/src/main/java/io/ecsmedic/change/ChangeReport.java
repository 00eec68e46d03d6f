package io.ecsmedic.change;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed before a service started failing: the deployment that introduced the failing
 * revision, the diff against the revision that last ran healthy, and the CloudTrail events in the
 * window before the failure that touched what the task depends on. The alert leads with it; {@link
 * #toJson()} is its machine form (one more piece of evidence).
 *
 * @param failureAt the first failure this report explains (the event's time)
 * @param failingRevision the revision that fails ({@code family:revision})
 * @param healthyRevision the last revision that ran healthy ({@code RollbackTargets}); null: none
 * @param diff healthy → failing, empty when either is unknown or nothing differs
 * @param deployment the deployment that introduced the failing revision; null when none is known
 * @param events CloudTrail events before the failure, oldest first
 * @param notes what could not be read and why ("CloudTrail not read: timed out after 2000 ms")
 */
public record ChangeReport(
    Instant failureAt,
    String failingRevision,
    String healthyRevision,
    List<Change> diff,
    Deployment deployment,
    List<TrailEvent> events,
    List<String> notes) {

  /** The most changes and events an alert lists; the JSON form has them all. */
  public static final int MAX_LINES = 6;

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  public ChangeReport {
    diff = List.copyOf(diff);
    events = List.copyOf(events);
    notes = List.copyOf(notes);
  }

  /** Nothing found and nothing to say: the alert has no "what changed" section. */
  public static ChangeReport nothing(Instant failureAt, List<String> notes) {
    return new ChangeReport(failureAt, null, null, List.of(), null, List.of(), notes);
  }

  /** Whether there is anything to lead the alert with. */
  public boolean found() {
    return deployment != null || !diff.isEmpty() || !events.isEmpty();
  }

  /**
   * The alert's first line about it: "Started after deployment ecs-svc/1 (image 2025.06.1 →
   * 2025.06.2, env +DATABASE_URL) by role/ci-deployer, 4 min before the first failure"; null when
   * neither a deployment nor a diff is known.
   */
  public String lead() {
    String changes =
        diff.isEmpty()
            ? ""
            : " ("
                + String.join(", ", diff.stream().limit(3).map(Change::brief).toList())
                + (diff.size() > 3 ? ", +" + (diff.size() - 3) + " more" : "")
                + ")";
    if (deployment != null) {
      String by = deployment.startedBy() == null ? "" : " by " + deployment.startedBy();
      String when =
          deployment.createdAt() == null
              ? ""
              : ", " + before(deployment.createdAt()) + " the first failure";
      return "Started after deployment " + deployment.id() + changes + by + when;
    }
    if (!diff.isEmpty()) {
      return "Revision "
          + failingRevision
          + " differs from "
          + healthyRevision
          + ", the last that ran healthy"
          + changes;
    }
    return null;
  }

  /** The section's lines: the lead, each change, each event, then the notes. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    String lead = lead();
    if (lead != null) {
      lines.add(lead);
    }
    if (!diff.isEmpty() && healthyRevision != null) {
      lines.add("Changed from " + healthyRevision + " to " + failingRevision + ":");
      diff.stream().limit(MAX_LINES).forEach(c -> lines.add("  - " + c.line()));
      if (diff.size() > MAX_LINES) {
        lines.add("  - … " + (diff.size() - MAX_LINES) + " more");
      }
    }
    if (!events.isEmpty()) {
      lines.add("Before the failure (CloudTrail):");
      events.stream()
          .skip(Math.max(0, events.size() - MAX_LINES))
          .forEach(e -> lines.add("  - " + eventLine(e)));
    }
    notes.forEach(n -> lines.add("(" + n + ")"));
    return lines;
  }

  /** "PutSecretValue on prod/db by user/alice (secret DB_PASSWORD of the task), 3 min before". */
  public String eventLine(TrailEvent e) {
    return CLOCK.format(e.at())
        + " "
        + e.name()
        + " on "
        + e.resource()
        + (e.principal() == null ? "" : " by " + e.principal())
        + " ("
        + e.why()
        + "), "
        + before(e.at());
  }

  private String before(Instant at) {
    long seconds = Duration.between(at, failureAt).toSeconds();
    if (seconds < 0) {
      return "after";
    }
    return seconds < 60 ? "under a minute before" : seconds / 60 + " min before";
  }

  /** The machine form: every change and event, not only those the text shows. */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("failureAt", failureAt == null ? null : failureAt.toString());
    o.put("failingRevision", failingRevision);
    o.put("healthyRevision", healthyRevision);
    o.put("lead", lead());
    if (deployment != null) {
      ObjectNode d = o.putObject("deployment");
      d.put("id", deployment.id());
      d.put("taskDefinition", deployment.taskDefinition());
      d.put("createdAt", deployment.createdAt() == null ? null : deployment.createdAt().toString());
      d.put("startedBy", deployment.startedBy());
      d.put("rolloutState", deployment.rolloutState());
    }
    ArrayNode changes = o.putArray("diff");
    for (Change c : diff) {
      changes
          .addObject()
          .put("what", c.what())
          .put("container", c.container())
          .put("before", c.before())
          .put("after", c.after());
    }
    ArrayNode trail = o.putArray("events");
    for (TrailEvent e : events) {
      trail
          .addObject()
          .put("at", e.at().toString())
          .put("name", e.name())
          .put("principal", e.principal())
          .put("resource", e.resource())
          .put("why", e.why());
    }
    notes.forEach(o.putArray("notes")::add);
    return o;
  }
}
