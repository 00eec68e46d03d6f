package io.ecsmedic.triage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.audit.PendingDigest;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.config.AwsSettings;
import io.ecsmedic.config.Env;
import io.ecsmedic.json.Json;
import io.ecsmedic.snapstart.SnapStartHooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The scheduled digest (template.yaml DigestFunction): one message on the alert topic summarising
 * the repeats that were counted instead of paged since the last alert or digest, then marks them
 * reported. Nothing pending: nothing sent. The schedule's input is ignored.
 *
 * <p>A crash loop that goes on for hours is then one alert plus one digest line per interval,
 * instead of silence after the first alert (or a page per stopped task).
 */
public final class DigestHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DigestHandler.class);

  private final AuditTable audit;
  private final AlertTopic topic;

  /** Kept so the runtime's CRaC context, which may hold it weakly, still calls it. */
  private final SnapStartHooks snapStart;

  /** The Lambda runtime's constructor. */
  public DigestHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public DigestHandler(Map<String, String> env) {
    this(env, AwsClientFactory.standard(AwsSettings.fromEnv(env)));
  }

  /** The deployed configuration over a given client factory (the SnapStart priming tests'). */
  DigestHandler(Map<String, String> env, AwsClientFactory aws) {
    this.audit =
        new AuditTable(
            aws.client(DynamoDbClient.class, DynamoDbClient::builder),
            Env.required(env, "AUDIT_TABLE_NAME"));
    this.topic =
        new AlertTopic(
            aws.client(SnsClient.class, SnsClient::builder), Env.required(env, "ALERT_TOPIC_ARN"));
    this.snapStart =
        SnapStartHooks.register(DigestPriming::prime, SnapStartHooks.NOTHING_TO_REFRESH);
  }

  /** The SnapStart hooks, for the tests that run them. */
  SnapStartHooks snapStart() {
    return snapStart;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
    ObjectNode result = PowertoolsLogging.withLogging(context, this::digest);
    out.write(Json.MAPPER.writeValueAsBytes(result));
  }

  private ObjectNode digest() {
    List<PendingDigest> pending = audit.pendingDigests();
    if (pending.isEmpty()) {
      LOG.info("no repeats to report");
      return Json.MAPPER.createObjectNode().put("status", "NOTHING_PENDING");
    }
    DigestMessage message = new DigestMessage(pending);
    topic.publish(
        AlertTopic.Kind.DIGEST, message.subject(), message.text(), message.json().toString());
    // Marked after the publish: a failed publish leaves them pending for the next run.
    pending.forEach(audit::markDigested);
    LOG.info("digest sent: {} incidents, {} repeats", pending.size(), message.repeats());
    return Json.MAPPER
        .createObjectNode()
        .put("status", "SENT")
        .put("incidents", pending.size())
        .put("repeats", message.repeats());
  }
}
