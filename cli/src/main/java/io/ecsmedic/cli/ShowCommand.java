package io.ecsmedic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsmedic.aws.evidence.EvidenceBucket;
import io.ecsmedic.classify.TextNormalizer;
import io.ecsmedic.evidence.FlightRecord;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.json.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code show INCIDENT}: the incident's flight record, the evidence triage kept when it opened (the
 * stopped task, the service's events, the container's last words, the deep check), long after ECS
 * forgot the task. Parts it has no special rendering for are printed as JSON, so a new part shows
 * up without a change here.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    header = "Show the evidence ecs-medic kept for an incident.",
    description = {
      "Show the flight record of an incident (ecs-medic history and the alert name its id), "
          + "from the stack's evidence bucket.",
      "Uses the default AWS credentials; --region and --endpoint-url default to "
          + "AWS_REGION and AWS_ENDPOINT_URL."
    })
final class ShowCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INCIDENT", description = "the incident id")
  String incidentId;

  @Option(
      names = "--bucket",
      description = "the EvidenceBucketName stack output (default: $ECS_MEDIC_EVIDENCE_BUCKET)")
  String bucket = System.getenv("ECS_MEDIC_EVIDENCE_BUCKET");

  @Option(names = "--json", description = "print the record as JSON")
  boolean json;

  @Mixin AwsOptions where;

  @Override
  public Integer call() throws Exception {
    if (bucket == null || bucket.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "no evidence bucket: pass --bucket or set ECS_MEDIC_EVIDENCE_BUCKET");
    }
    var clients = where.clients(spec);
    EvidenceBucket evidence =
        new EvidenceBucket(
            clients.build(
                S3Client.builder().forcePathStyle(clients.settings().endpoint().isPresent())),
            bucket);
    Optional<FlightRecord> record = evidence.get(incidentId);
    PrintWriter out = spec.commandLine().getOut();
    if (record.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "no record of incident "
                  + incidentId
                  + " in "
                  + evidence.uri(incidentId)
                  + " (never written, or expired)");
      return Exit.UNREADABLE_INPUT;
    }
    if (json) {
      out.println(
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(Json.MAPPER.readTree(record.get().toJson())));
      return Exit.OK;
    }
    out.print(text(record.get(), evidence.uri(incidentId)));
    out.flush();
    return Exit.OK;
  }

  /** The record for a terminal: the known parts readable, the rest as JSON. */
  static String text(FlightRecord r, String uri) {
    StringBuilder b = new StringBuilder();
    b.append("incident ").append(r.incidentId()).append(", recorded ").append(r.recordedAt());
    b.append(" (").append(uri).append(")\n");
    for (Map.Entry<String, JsonNode> part : r.parts().entrySet()) {
      JsonNode v = part.getValue();
      b.append('\n');
      switch (part.getKey()) {
        case FlightRecord.Part.FINDING ->
            b.append("finding: ")
                .append(clean(v.path("category").asText()))
                .append(" / ")
                .append(clean(v.path("subcause").asText()))
                .append("\n  ")
                .append(clean(v.path("summary").asText()))
                .append('\n');
        case FlightRecord.Part.LOG_EXCERPT -> {
          LogExcerpt e = LogExcerpt.fromJson(v);
          b.append(clean(e.title())).append('\n');
          if (e.where() != null) {
            b.append("  from ").append(clean(e.where())).append('\n');
          }
          e.lines().forEach(l -> b.append("  | ").append(clean(l)).append('\n'));
        }
        case FlightRecord.Part.SERVICE_EVENTS -> {
          b.append("service events (newest first):\n");
          v.forEach(
              e ->
                  b.append("  ")
                      .append(clean(e.path("createdAt").asText("-")))
                      .append("  ")
                      .append(clean(e.path("message").asText()))
                      .append('\n'));
        }
        case FlightRecord.Part.STOPPED_TASK -> {
          b.append("stopped task: ").append(clean(v.path("taskArn").asText())).append('\n');
          b.append("  ")
              .append(clean(v.path("stopCode").asText("-")))
              .append(": ")
              .append(clean(v.path("stoppedReason").asText("-")))
              .append('\n');
          v.path("containers")
              .forEach(
                  c ->
                      b.append("  container ")
                          .append(clean(c.path("name").asText()))
                          .append(" exit ")
                          .append(c.path("exitCode").asText("-"))
                          .append(
                              c.hasNonNull("reason")
                                  ? " (" + clean(c.path("reason").asText()) + ")"
                                  : "")
                          .append('\n'));
        }
        default -> b.append(part.getKey()).append(":\n  ").append(clean(v.toString())).append('\n');
      }
    }
    return b.toString();
  }

  /** Whatever the record holds came from events and logs: no terminal escapes reach the screen. */
  private static String clean(String s) {
    return TextNormalizer.sanitize(s);
  }
}
