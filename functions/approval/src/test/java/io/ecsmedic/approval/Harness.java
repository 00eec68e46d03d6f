package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.audit.ApprovalDenial;
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
import java.util.Set;
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
  static final String NONCE = "0123456789abcdef0123456789abcdef";
  static final String LATER_NONCE = "fedcba9876543210fedcba9876543210";
  static final String APPROVER_ID = "U123ABC";
  static final String TEAM_ID = "T1";

  /** The allow-lists most tests run with: alice (U123ABC) of workspace T1, through any app. */
  static final SlackApprovers ALICE_OF_T1 =
      new SlackApprovers(Set.of(APPROVER_ID), Set.of(TEAM_ID), Set.of(), Set.of());

  static final String RESPONSE_URL = "https://hooks.slack.com/actions/T1/123/xyz";

  record Response(int status, Map<String, String> headers, String body) {}

  record Reply(String url, ObjectNode message) {}

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryApprovalStore store = new InMemoryApprovalStore();
  final RecordingWorkflow workflow = new RecordingWorkflow();
  final AtomicInteger secretReads = new AtomicInteger();
  final List<Reply> replies = new CopyOnWriteArrayList<>();
  final List<ApprovalDenial> denials = new CopyOnWriteArrayList<>();
  final ApprovalHandler handler;

  Harness() {
    this(SLACK_SECRET_ARN, LINK_SECRET_ARN);
  }

  Harness(String slackSecretArn, String linkSecretArn) {
    this(slackSecretArn, linkSecretArn, ALICE_OF_T1, true);
  }

  Harness(SlackApprovers approvers, boolean linkApprovals) {
    this(SLACK_SECRET_ARN, LINK_SECRET_ARN, approvers, linkApprovals);
  }

  Harness(
      String slackSecretArn,
      String linkSecretArn,
      SlackApprovers approvers,
      boolean linkApprovals) {
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
            denials::add,
            workflow,
            secrets,
            slackSecretArn,
            linkSecretArn,
            approvers,
            linkApprovals,
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
    e.putObject("headers")
        .put("host", "abc.lambda-url.eu-west-1.on.aws")
        .put("user-agent", "Mozilla/5.0 (test)");
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
    p.putObject("user")
        .put("id", APPROVER_ID)
        .put("username", "alice")
        .put("name", "alice")
        .put("team_id", TEAM_ID);
    p.putObject("team").put("id", TEAM_ID);
    p.putObject("channel").put("id", "C0ONCALL");
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

  /** The query (or form body) of a link for the first request, signed with the link secret. */
  static String linkQuery(String incidentId, String decision, long expires) {
    return linkQuery(incidentId, decision, expires, NONCE);
  }

  /** The query (or form body) of a link for the request of {@code nonce}. */
  static String linkQuery(String incidentId, String decision, long expires, String nonce) {
    String sig = hmacHex(LINK_SECRET, incidentId + "|" + decision + "|" + expires + "|" + nonce);
    return "incident="
        + incidentId
        + "&decision="
        + decision
        + "&expires="
        + expires
        + "&request="
        + nonce
        + "&sig="
        + sig;
  }

  static long inAnHour() {
    return NOW.plus(Duration.ofHours(1)).getEpochSecond();
  }
}
