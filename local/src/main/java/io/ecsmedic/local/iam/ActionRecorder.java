package io.ecsmedic.local.iam;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records which IAM action each hosted Lambda function calls, for docs/iam.md.
 *
 * <p>Registered for every SDK client of the harness's JVM through the SDK's global interceptor
 * resource ({@code software/amazon/awssdk/global/handlers/execution.interceptors} in this module),
 * so the functions' code is not touched. A call is attributed by the access key that signed it: the
 * local host gives each function the temporary keys of its own role and says whose they are ({@link
 * #attribute}); calls signed with any other key (the harness's root keys, the CLI) are not
 * recorded. Attributing by key rather than by thread also counts calls a handler makes on threads
 * of its own.
 *
 * <p>The action is the signing name (which is the IAM service prefix for every service ecs-medic
 * calls) and the SDK's operation name, e.g. {@code dynamodb:PutItem}; every attempt counts, also
 * one that AWS refused.
 */
public final class ActionRecorder implements ExecutionInterceptor {
  /** One function calling one action; {@code function} is the deployed function's name. */
  public record Call(String function, String action) {}

  /** SigV4: {@code Credential=<key id>/<date>/<region>/<signing name>/aws4_request}. */
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/[^/]+/[^/]+/([^/]+)/aws4_request");

  private static final Map<String, String> FUNCTION_OF_KEY = new ConcurrentHashMap<>();
  private static final Set<Call> CALLS = ConcurrentHashMap.newKeySet();

  /** From now on, calls signed with {@code accessKeyId} are {@code function}'s. */
  public static void attribute(String accessKeyId, String function) {
    FUNCTION_OF_KEY.put(accessKeyId, function);
  }

  /** Every call recorded in this JVM so far. */
  public static Set<Call> calls() {
    return Set.copyOf(CALLS);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String authorization = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
    Matcher m = CREDENTIAL.matcher(authorization);
    if (!m.find()) {
      return;
    }
    String function = FUNCTION_OF_KEY.get(m.group(1));
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (function != null && operation != null) {
      CALLS.add(new Call(function, m.group(2) + ":" + operation));
    }
  }
}
