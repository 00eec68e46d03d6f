package io.ecsmedic.triage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.classify.SignatureCatalog;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.event.InvalidInputException;
import io.ecsmedic.json.FindingJson;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.Finding;
import io.ecsmedic.plan.Runbooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The triage Lambda: an EventBridge event in, a diagnosis out. Parse → classify → publish; an event
 * that cannot be diagnosed is parked on the dead-letter queue with its reason and the invocation
 * succeeds, because retrying a malformed event cannot help. AWS failures (SNS, SQS) propagate so
 * Lambda's retries and the rule's dead-letter queue take over.
 *
 * <p>A RequestStreamHandler with our own mapper: the runtime's relocated Jackson would ignore
 * {@code detail-type}.
 */
public final class TriageHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TriageHandler.class);

  /** EventBridge events are at most 256 KB; anything larger is not an EventBridge event. */
  static final int MAX_EVENT_BYTES = 256 * 1024;

  private final Classifier classifier;
  private final InputParser parser = new InputParser();
  private final AlertPublisher alerts;
  private final DeadLetters deadLetters;

  /** The Lambda runtime's constructor: configuration from the environment, clients built once. */
  public TriageHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public TriageHandler(Map<String, String> environment) {
    this(TriageSettings.fromEnv(environment));
  }

  private TriageHandler(TriageSettings s) {
    this(
        new Classifier(SignatureCatalog.bundled(), new Runbooks(s.runbookBaseUrl())),
        new SnsAlertPublisher(AwsClients.sns(s.aws()), s.alertTopicArn()),
        new SqsDeadLetters(AwsClients.sqs(s.aws()), s.deadLetterQueueUrl()));
  }

  TriageHandler(Classifier classifier, AlertPublisher alerts, DeadLetters deadLetters) {
    this.classifier = classifier;
    this.alerts = alerts;
    this.deadLetters = deadLetters;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
    ObjectNode result = PowertoolsLogging.withLogging(context, () -> triage(bytes));
    out.write(Json.MAPPER.writeValueAsBytes(result));
  }

  private ObjectNode triage(byte[] bytes) {
    String event = new String(bytes, StandardCharsets.UTF_8);
    try {
      if (bytes.length > MAX_EVENT_BYTES) {
        throw new InvalidInputException(
            "event is over " + MAX_EVENT_BYTES / 1024 + " KB, the EventBridge maximum");
      }
      Finding finding = classifier.classify(parser.parse(event));
      MDC.put("eventId", String.valueOf(finding.eventId()));
      MDC.put("category", finding.category().name());
      MDC.put("signatureId", finding.signatureId());
      alerts.publish(finding);
      LOG.info(
          "classified {} as {}/{}", finding.detailType(), finding.category(), finding.subcause());
      ObjectNode result = Json.MAPPER.createObjectNode().put("status", "NOTIFIED");
      result.set("finding", FindingJson.toJson(finding));
      return result;
    } catch (InvalidInputException e) {
      LOG.warn("parked an event that cannot be diagnosed: {}", e.getMessage());
      deadLetters.park(event, e.getMessage());
      return Json.MAPPER.createObjectNode().put("status", "PARKED").put("error", e.getMessage());
    } finally {
      MDC.clear();
    }
  }
}
