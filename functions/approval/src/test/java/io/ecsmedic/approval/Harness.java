package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One approval function with in-memory ports, and function URL events as Lambda delivers them. The
 * Slack signatures here are computed with javax.crypto directly, not with the code under test.
 */
final class Harness {
  static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String LINK_SECRET = "link-secret-0123456789abcdef";
  static final String SLACK_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:slack";
  static final String LINK_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:link";
  static final String INCIDENT = "abc123-1700000000";
  static final String TOKEN = "task-token-AAAAsecretBBBB";
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00.250Z");
  static final String RESPONSE_URL = "https://hooks.slack.com/actions/T1/123/xyz";

  record Response(int status, Map<String, String> headers, String body) {}

  record Reply(String url, ObjectNode message) {}

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryApprovalStore store = new InMemoryApprovalStore();
  final RecordingWorkflow workflow = new RecordingWorkflow();
  final AtomicInteger secretReads = new AtomicInteger();
  final List<Reply> replies = new CopyOnWriteArrayList<>();
  final ApprovalHandler handler;

  Harness() {
    this(SLACK_SECRET_ARN, LINK_SECRET_ARN);
  }

  Harness(String slackSecretArn, String linkSecretArn) {
    SecretSource secrets =
        id -> {
          secretReads.incrementAndGet();
          return switch (id) {
            case SLACK_SECRET_ARN -> SLACK_SECRET + "\n";
            case LINK_SECRET_ARN -> LINK_SECRET;
            default -> throw new IllegalArgumentException("no secret " + id);
          };
        };
    handler =
        new ApprovalHandler(
            store,
            workflow,
            secrets,
            slackSecretArn,
            linkSecretArn,
            (url, message) -> replies.add(new Reply(url, message)),
            clock);
    store.pending(INCIDENT, TOKEN, NOW.plus(Duration.ofHours(1)), "OOM: container app");
  }

  /** Runs the handler the way the Lambda runtime does: event bytes in, response bytes out. */
  Response call(ObjectNode event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
        out,
        new TestContext("approval"));
    JsonNode json = Json.MAPPER.readTree(out.toByteArray());
    Map<String, String> headers = new java.util.HashMap<>();
    json.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    return new Response(json.path("statusCode").asInt(), headers, json.path("body").asText());
  }

  // ---- events -----------------------------------------------------------------------------

  static ObjectNode event(String method, String path, String query, String body) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", "$default");
    e.put("rawPath", path);
    e.put("rawQueryString", query);
    e.putObject("headers").put("host", "abc.lambda-url.eu-west-1.on.aws");
    if (body != null) {
      e.put("body", body);
    }
    e.put("isBase64Encoded", false);
    ObjectNode http = e.putObject("requestContext").putObject("http");
    http.put("method", method);
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "203.0.113.9");
    http.put("userAgent", "test");
    return e;
  }

  /** A Slack button click, signed at {@code signedAt} with the Slack secret. */
  static ObjectNode slackClick(String actionId, String incidentId, Instant signedAt) {
    return signed(form(clickPayload(actionId, incidentId)), signedAt, SLACK_SECRET);
  }

  static ObjectNode clickPayload(String actionId, String incidentId) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("type", "block_actions");
    p.putObject("user").put("id", "U123ABC").put("username", "alice").put("name", "alice");
    p.putObject("team").put("id", "T1");
    p.put("api_app_id", "A1");
    p.put("response_url", RESPONSE_URL);
    ObjectNode message = p.putObject("message");
    message.put("text", "OOM on prod/checkout");
    message
        .putArray("blocks")
        .add(Json.MAPPER.createObjectNode().put("type", "header"))
        .add(Json.MAPPER.createObjectNode().put("type", "section"))
        .add(Json.MAPPER.createObjectNode().put("type", "actions"));
    p.putArray("actions")
        .addObject()
        .put("type", "button")
        .put("action_id", actionId)
        .put("value", incidentId)
        .put("block_id", "b1");
    return p;
  }

  static String form(ObjectNode payload) {
    return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
  }

  static ObjectNode signed(String body, Instant signedAt, String secret) {
    String ts = Long.toString(signedAt.getEpochSecond());
    ObjectNode e = event("POST", "/slack/actions", "", body);
    ((ObjectNode) e.get("headers"))
        .put("content-type", "application/x-www-form-urlencoded")
        .put("x-slack-request-timestamp", ts)
        .put("x-slack-signature", "v0=" + hmacHex(secret, "v0:" + ts + ":" + body));
    return e;
  }

  static String hmacHex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The query (or form body) of a link signed with the link secret. */
  static String linkQuery(String incidentId, String decision, long expires) {
    String sig = hmacHex(LINK_SECRET, incidentId + "|" + decision + "|" + expires);
    return "incident="
        + incidentId
        + "&decision="
        + decision
        + "&expires="
        + expires
        + "&sig="
        + sig;
  }

  static long inAnHour() {
    return NOW.plus(Duration.ofHours(1)).getEpochSecond();
  }
}
