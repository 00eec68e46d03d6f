package io.ecsmedic.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecsmedic.json.Json;
import io.ecsmedic.local.iam.FunctionRoles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Runs the real Java handlers for MiniStack's Lambda proxy mode: MiniStack POSTs each invocation's
 * payload here with the function name in {@code X-Amzn-Lambda-Function-Name}, and the reply body is
 * the invocation's result.
 *
 * <p>MiniStack does not forward a function's environment to the proxy, so the host reads the
 * function's configuration from the emulator (the handler string, the environment CloudFormation
 * resolved from template.yaml, and the execution role) and constructs the handler with it, through
 * the public {@code Handler(Map<String, String> environment)} constructor every ecs-medic handler
 * has. The environment holds the temporary keys of the function's own role ({@link FunctionRoles}),
 * as Lambda's does, so with the emulator's IAM enforcement on each handler can do exactly what
 * template.yaml grants it. Before its keys expire, a handler is built anew with fresh ones (Lambda
 * recycles execution environments too). I/O follows the Java runtime for {@link
 * RequestStreamHandler}: raw payload bytes in, raw result bytes out; an exception becomes an error
 * reply with the exception's class name as {@code errorType}.
 *
 * <p>Binds 127.0.0.1 only, on an ephemeral port.
 */
public final class LocalLambdaHost implements AutoCloseable {
  /** One invocation as the host saw it, for the demo's report and the tests. */
  public record Invocation(String function, String requestId, boolean ok, String result) {}

  private final HttpServer server;

  /**
   * MiniStack dispatches EventBridge targets from a pool of 64 workers; the host must accept that
   * many connections at once, or a storm of events is refused and (with no retries locally) lost.
   */
  private final ExecutorService executor = Executors.newFixedThreadPool(32);

  private final LambdaClient lambda;
  private final FunctionRoles roles;
  private final Map<String, String> localEnvironment;
  private final Map<String, Hosted> handlers = new ConcurrentHashMap<>();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  /** A built handler and the role keys it was built with. */
  private record Hosted(RequestStreamHandler handler, FunctionRoles.RoleKeys keys) {}

  private LocalLambdaHost(
      LambdaClient lambda, FunctionRoles roles, Map<String, String> localEnvironment)
      throws IOException {
    this.lambda = lambda;
    this.roles = roles;
    this.localEnvironment = localEnvironment;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts a host for the emulator {@code aws}; {@code localEnvironment} adds the endpoint and
   * region to every handler's environment (any keys in it are replaced by the function role's). The
   * host reads configurations and assumes roles with the harness's root keys.
   */
  public static LocalLambdaHost start(LocalAws aws, Map<String, String> localEnvironment)
      throws IOException {
    return new LocalLambdaHost(
        aws.client(LambdaClient.builder()),
        new FunctionRoles(aws.client(StsClient.builder())),
        localEnvironment);
  }

  /** The base URL to give the template's LocalLambdaProxyBaseUrl parameter. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String function = exchange.getRequestHeaders().getFirst("X-Amzn-Lambda-Function-Name");
    String requestId = exchange.getRequestHeaders().getFirst("X-Amzn-Lambda-Request-Id");
    String deadline = exchange.getRequestHeaders().getFirst("X-Amzn-Lambda-Deadline-Ms");
    String arn = exchange.getRequestHeaders().getFirst("X-Amzn-Lambda-Function-Arn");
    byte[] payload = exchange.getRequestBody().readAllBytes();
    if (function == null) {
      reply(exchange, 400, error("no X-Amzn-Lambda-Function-Name header", "LocalHost.BadRequest"));
      return;
    }
    try {
      RequestStreamHandler handler =
          handlers
              .compute(
                  function,
                  (name, hosted) ->
                      hosted == null || hosted.keys().stale(Instant.now()) ? load(name) : hosted)
              .handler();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long deadlineMs =
          deadline != null ? Long.parseLong(deadline) : System.currentTimeMillis() + 30_000;
      handler.handleRequest(
          new ByteArrayInputStream(payload),
          out,
          new LocalContext(function, arn, requestId, deadlineMs));
      invocations.add(new Invocation(function, requestId, true, out.toString()));
      reply(exchange, 200, out.toByteArray());
    } catch (Exception | LinkageError e) {
      Throwable cause =
          e instanceof HandlerLoadException && e.getCause() != null ? e.getCause() : e;
      invocations.add(new Invocation(function, requestId, false, String.valueOf(cause)));
      reply(exchange, 500, error(String.valueOf(cause.getMessage()), cause.getClass().getName()));
    }
  }

  /**
   * Builds the handler the emulator's function configuration names, with its environment and its
   * role's keys.
   */
  private Hosted load(String function) {
    GetFunctionConfigurationResponse config =
        lambda.getFunctionConfiguration(r -> r.functionName(function));
    String spec = config.handler();
    String className = spec.contains("::") ? spec.substring(0, spec.indexOf("::")) : spec;
    FunctionRoles.RoleKeys keys = roles.assume(function, config.role());
    Map<String, String> environment = new HashMap<>(variables(config));
    environment.remove("MINISTACK_LAMBDA_PROXY_URL");
    environment.putAll(localEnvironment);
    environment.putAll(keys.environment());
    try {
      Class<?> type = Class.forName(className);
      if (!RequestStreamHandler.class.isAssignableFrom(type)) {
        throw new HandlerLoadException(
            className + " is not a RequestStreamHandler; ecs-medic handlers stream their I/O",
            null);
      }
      return new Hosted(
          (RequestStreamHandler) type.getConstructor(Map.class).newInstance(environment), keys);
    } catch (InvocationTargetException e) {
      throw new HandlerLoadException("constructing " + className + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new HandlerLoadException("cannot load handler " + spec + " of " + function, e);
    }
  }

  private static Map<String, String> variables(GetFunctionConfigurationResponse config) {
    return config.environment() == null || config.environment().variables() == null
        ? Map.of()
        : config.environment().variables();
  }

  private static byte[] error(String message, String type) {
    ObjectNode o =
        Json.MAPPER.createObjectNode().put("errorMessage", message).put("errorType", type);
    return o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** A handler named by the template cannot be built. */
  static final class HandlerLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandlerLoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
