package io.ecsmedic.triage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.ecsmedic.aws.AwsClientFactory;
import io.ecsmedic.json.Json;
import io.ecsmedic.snapstart.SnapStartHooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The triage Lambda: reads one EventBridge event, hands it to {@link Triage} (what happens to it is
 * documented there), records the {@link TriageOutcome} as metrics and answers it as JSON.
 *
 * <p>The invocation ends normally whatever the event holds: an event triage cannot finish is parked
 * on the dead-letter queue with its reason, because Lambda's retries would only page again.
 */
public final class TriageHandler implements RequestStreamHandler {
  private final Triage triage;
  private final TriageMetrics metrics;

  /** Kept so the runtime's CRaC context, which may hold it weakly, still calls it. */
  private final SnapStartHooks snapStart;

  /** The Lambda runtime's constructor: configuration from the environment, clients built once. */
  public TriageHandler() {
    this(System.getenv());
  }

  /** The local Lambda host's constructor (it builds every handler from its environment). */
  public TriageHandler(Map<String, String> environment) {
    this(TriageWiring.from(TriageSettings.fromEnv(environment)));
  }

  /**
   * The deployed configuration over a client factory a test has given one narrow fake (a call the
   * local emulator cannot make fail, such as reading a service's tags).
   */
  public TriageHandler(Map<String, String> environment, AwsClientFactory aws) {
    this(TriageWiring.from(TriageSettings.fromEnv(environment), aws));
  }

  /** Tests': the use case over in-memory ports. */
  TriageHandler(TriageWiring.Components components) {
    this.triage = components.triage();
    this.metrics = components.metrics();
    this.snapStart =
        SnapStartHooks.register(
            new TriagePriming(triage.classifier())::prime, SnapStartHooks.NOTHING_TO_REFRESH);
  }

  /** The SnapStart hooks, for the tests that run them. */
  SnapStartHooks snapStart() {
    return snapStart;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    byte[] bytes = in.readNBytes(Triage.MAX_EVENT_BYTES + 1);
    TriageOutcome outcome =
        PowertoolsLogging.withLogging(
            context,
            () ->
                triage.triage(
                    bytes,
                    context.getAwsRequestId(),
                    OwnAccount.fromFunctionArn(context.getInvokedFunctionArn())));
    metrics.record(outcome);
    out.write(Json.MAPPER.writeValueAsBytes(outcome.toJson()));
  }
}
