package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.PendingDigest;
import io.ecsmedic.json.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * The digest: what kept happening without paging again. One line per incident, the busiest first,
 * with the command that lists every occurrence.
 */
final class DigestMessage {
  static final int MAX_LINES = 25;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final List<PendingDigest> incidents;
  private final long repeats;

  DigestMessage(List<PendingDigest> pending) {
    this.incidents =
        pending.stream()
            .sorted(
                Comparator.comparingLong(PendingDigest::unreported)
                    .reversed()
                    .thenComparing(PendingDigest::fingerprint))
            .toList();
    this.repeats = incidents.stream().mapToLong(PendingDigest::unreported).sum();
  }

  long repeats() {
    return repeats;
  }

  String subject() {
    return "[ecs-medic] Digest: "
        + incidents.size()
        + (incidents.size() == 1 ? " incident" : " incidents")
        + " still repeating, "
        + repeats
        + (repeats == 1 ? " repeat" : " repeats");
  }

  String text() {
    StringBuilder b =
        new StringBuilder(
            "Repeats since the last alert or digest. They did not page again; each incident's"
                + " alert has the diagnosis, the fix and the runbook.\n\n");
    int shown = Math.min(incidents.size(), MAX_LINES);
    for (PendingDigest p : incidents.subList(0, shown)) {
      b.append(
          String.format(
              "%6d  %s (%s)  %s / %s  incident %s, alerted %s, last %s%n",
              p.unreported(),
              p.service(),
              p.cluster(),
              p.category(),
              p.subcause(),
              p.incidentId(),
              TIME.format(p.notifiedAt()),
              TIME.format(p.lastSeen())));
    }
    if (incidents.size() > shown) {
      long rest =
          incidents.subList(shown, incidents.size()).stream()
              .mapToLong(PendingDigest::unreported)
              .sum();
      b.append(
          String.format("and %d more incidents (%d repeats)%n", incidents.size() - shown, rest));
    }
    PendingDigest top = incidents.getFirst();
    b.append("\nEvery occurrence: ecs-medic history --cluster ")
        .append(top.cluster())
        .append(" --service ")
        .append(top.service())
        .append('\n');
    return b.toString();
  }

  ObjectNode json() {
    ObjectNode o = Json.MAPPER.createObjectNode().put("kind", "digest").put("repeats", repeats);
    ArrayNode list = o.putArray("incidents");
    for (PendingDigest p : incidents) {
      list.addObject()
          .put("incidentId", p.incidentId())
          .put("cluster", p.cluster())
          .put("service", p.service())
          .put("category", p.category())
          .put("subcause", p.subcause())
          .put("repeats", p.unreported())
          .put("repeatsSinceAlert", p.suppressed())
          .put("alertedAt", p.notifiedAt().toString())
          .put("lastSeen", p.lastSeen().toString());
    }
    return o;
  }
}
