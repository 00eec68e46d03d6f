package io.ecsmedic.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.classify.TextNormalizer;
import io.ecsmedic.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code history}: what triage saw and decided for a cluster (or one service), newest first, from
 * the audit table. ECS forgets stopped tasks after about an hour; the audit table keeps them for
 * AuditRetentionDays.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    header = "Show what ecs-medic recorded for a cluster or service, newest first.",
    description = {
      "Show what ecs-medic recorded for a cluster or service (newest first), from the "
          + "audit table.",
      "Uses the default AWS credentials; --region and --endpoint-url default to "
          + "AWS_REGION and AWS_ENDPOINT_URL (set it for the local emulator: eval "
          + "\"$(scripts/local-aws.sh env)\")."
    })
final class HistoryCommand implements Callable<Integer> {
  private static final Pattern RELATIVE = Pattern.compile("(\\d+)([mhd])");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--cluster", required = true, description = "cluster name")
  String cluster;

  @Option(names = "--service", description = "only this service")
  String service;

  @Option(
      names = "--since",
      description = "how far back: 30m, 6h, 7d, or an ISO-8601 instant (default: ${DEFAULT-VALUE})")
  String since = "24h";

  @Option(
      names = "--table",
      description = "the AuditTableName stack output (default: $ECS_MEDIC_AUDIT_TABLE)")
  String table = System.getenv("ECS_MEDIC_AUDIT_TABLE");

  @Mixin AwsOptions where;

  @Option(names = "--limit", description = "at most this many records (default: ${DEFAULT-VALUE})")
  int limit = 200;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE})")
  CatalogCommand.Format output = CatalogCommand.Format.text;

  @Override
  public Integer call() throws Exception {
    if (table == null || table.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "no audit table: pass --table or set ECS_MEDIC_AUDIT_TABLE");
    }
    Instant from = parseSince(since, Instant.now());
    List<Map<String, String>> items =
        new AuditTable(
                where.clients(spec).client(DynamoDbClient.class, DynamoDbClient::builder), table)
            .clusterHistory(cluster, service, from, limit);
    PrintWriter out = spec.commandLine().getOut();
    if (output == CatalogCommand.Format.json) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (Map<String, String> item : items) {
        ObjectNode o = array.addObject();
        item.forEach(o::put);
      }
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      return Exit.OK;
    }
    out.printf(
        "%d records for cluster %s%s since %s (newest first)%n",
        items.size(), cluster, service == null ? "" : " service " + service, from);
    for (Map<String, String> i : items) {
      out.printf(
          "%s  %-14s %-40s %-10s %s%n",
          text(i, "at"),
          text(i, "service"),
          text(i, "category") + "/" + text(i, "subcause"),
          text(i, "decision"),
          evidenceLink(i));
    }
    return Exit.OK;
  }

  /** {@code 30m}, {@code 6h}, {@code 7d} before now, or an ISO-8601 instant. */
  static Instant parseSince(String since, Instant now) {
    Matcher m = RELATIVE.matcher(since.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(d);
    }
    try {
      return Instant.parse(since.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since takes 30m, 6h, 7d or an ISO-8601 instant like 2026-01-31T08:00:00Z, not "
              + since);
    }
  }

  /**
   * The summary; for a flight record, where it is and how to print it: its {@code detail} is the
   * record's URI.
   */
  private static String evidenceLink(Map<String, String> item) {
    if ("EVIDENCE_RECORDED".equals(item.get("decision"))) {
      return text(item, "detail") + " (ecs-medic show " + text(item, "incidentId") + ")";
    }
    return text(item, "summary");
  }

  private static String text(Map<String, String> item, String name) {
    String v = item.get(name);
    return v == null ? "-" : TextNormalizer.sanitize(v);
  }
}
