package io.ecsmedic.ecrhygiene;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.aws.audit.AuditTable;
import io.ecsmedic.aws.check.CheckClients;
import io.ecsmedic.aws.notify.AlertTopic;
import io.ecsmedic.aws.posture.PostureCollector;
import io.ecsmedic.json.Json;
import io.ecsmedic.snapstart.SnapStartHooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The weekly posture scan (template.yaml PostureScanFunction). It lives in the scheduled-jobs jar
 * next to ECR hygiene: the same kind of read-only weekly job over ECS, so it costs no new module,
 * and its own function gives it its own narrow role. Whatever the schedule sends, it runs one
 * {@link PostureScanRun}.
 */
public final class PostureScanHandler implements RequestStreamHandler {
  private final PostureScanRun run;

  /** Kept so the runtime's CRaC context, which may hold it weakly, still calls it. */
  private final SnapStartHooks snapStart;

  /** The Lambda runtime's constructor. */
  public PostureScanHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor: the environment template.yaml declares. */
  public PostureScanHandler(Map<String, String> env) {
    this(PostureScanSettings.fromEnv(env), Clock.systemUTC());
  }

  private PostureScanHandler(PostureScanSettings s, Clock clock) {
    this(s, AwsClientFactory.standard(s.aws()), clock);
  }

  /** The deployed configuration over a given client factory (the SnapStart priming tests'). */
  PostureScanHandler(PostureScanSettings s, AwsClientFactory aws, Clock clock) {
    this.run =
        new PostureScanRun(
            new PostureCollector(CheckClients.of(aws), clock, PostureCollector.Limits.STANDARD),
            clusters(s.clusters(), aws),
            new AuditTable(
                aws.client(DynamoDbClient.class, DynamoDbClient::builder), s.auditTable()),
            new AlertTopic(aws.client(SnsClient.class, SnsClient::builder), s.alertTopicArn()),
            s.retention(),
            clock);
    this.snapStart =
        SnapStartHooks.register(PostureScanPriming::prime, SnapStartHooks.NOTHING_TO_REFRESH);
  }

  /** The SnapStart hooks, for the tests that run them. */
  SnapStartHooks snapStart() {
    return snapStart;
  }

  /** The configured clusters, or every cluster of the account (ListClusters) when none is. */
  private static Supplier<List<String>> clusters(List<String> configured, AwsClientFactory aws) {
    if (!configured.isEmpty()) {
      return () -> configured;
    }
    return () ->
        aws
            .client(EcsClient.class, EcsClient::builder)
            .listClustersPaginator(r -> r.build())
            .clusterArns()
            .stream()
            .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
            .toList();
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    in.readAllBytes(); // the schedule's input is not ours to interpret
    out.write(
        Json.MAPPER.writeValueAsBytes(
            PowertoolsLogging.withLogging(
                context,
                () -> {
                  PostureScanRun.Outcome o = run.run();
                  return Json.MAPPER
                      .createObjectNode()
                      .put("runId", o.runId())
                      .put("scannedAt", o.scan().scannedAt())
                      .put("headline", o.scan().headline())
                      .put("calls", o.scan().calls())
                      .put("added", o.diff() == null ? 0 : o.diff().added().size());
                })));
  }
}
