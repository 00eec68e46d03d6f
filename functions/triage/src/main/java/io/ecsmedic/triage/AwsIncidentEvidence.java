package io.ecsmedic.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ecsmedic.aws.evidence.EvidenceBucket;
import io.ecsmedic.aws.logs.LogExcerptReader;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.evidence.FlightRecord;
import io.ecsmedic.evidence.LogExcerpt;
import io.ecsmedic.evidence.StoppedTask;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/**
 * {@link IncidentEvidence} from AWS: the last words through {@link LogExcerptReader}, the service's
 * events through ECS, the record in the stack's {@link EvidenceBucket}.
 */
final class AwsIncidentEvidence implements IncidentEvidence {
  /** Service events kept in a record: ECS itself keeps the newest 100. */
  static final int SERVICE_EVENTS = 20;

  private final LogExcerptReader logs;
  private final EcsClient ecs;
  private final EvidenceBucket bucket;
  private final InputParser parser = new InputParser();

  /**
   * @param bucket null: no flight recorder
   */
  AwsIncidentEvidence(LogExcerptReader logs, EcsClient ecs, EvidenceBucket bucket) {
    this.logs = logs;
    this.ecs = ecs;
    this.bucket = bucket;
  }

  @Override
  public LogExcerpt lastWords(String event, Finding finding) {
    Optional<StoppedTask> task;
    try {
      task = StoppedTask.of(parser.parse(event), finding);
    } catch (InvalidInputException e) {
      return null;
    }
    return task.map(logs::read).orElse(null);
  }

  @Override
  public JsonNode serviceEvents(Finding finding) {
    String cluster = finding.resource().cluster();
    String service = finding.resource().service();
    if (cluster == null || service == null) {
      return null;
    }
    ArrayNode events = Json.MAPPER.createArrayNode();
    for (Service s : ecs.describeServices(r -> r.cluster(cluster).services(service)).services()) {
      for (ServiceEvent e : s.events().stream().limit(SERVICE_EVENTS).toList()) {
        events
            .addObject()
            .put("createdAt", e.createdAt() == null ? null : e.createdAt().toString())
            .put("message", e.message());
      }
    }
    return events;
  }

  @Override
  public String record(FlightRecord record) {
    return bucket == null ? null : bucket.put(record);
  }
}
