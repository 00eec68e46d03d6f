package io.ecsmedic.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * The approval function's SnapStart priming (see {@link io.ecsmedic.snapstart.SnapStartHooks}). A
 * Slack button click must be answered within about 3 s even on a cold start, so before the snapshot
 * this runs what a click goes through up to the first AWS call, over a click built here: the
 * function URL event read with Jackson, the Slack v0 signature computed and checked (HMAC-SHA256,
 * with a throw-away key and the click's own timestamp, never the clock), the form body decoded, the
 * interaction read, the sender checked against the allow-lists, and the replies rendered (Slack's
 * JSON, an HTML page, the function URL response). A restored environment then answers its first
 * click with those classes loaded and run.
 *
 * <p>Not primed, because each would call AWS or Slack: the signing secret's read, the decision's
 * conditional write, the answer to Step Functions, the reply to Slack's response URL.
 *
 * <p>Nothing to refresh after a restore: the approval function caches no timestamp, id or random
 * value at initialisation. Its secret cache fills on the first request, never before the snapshot,
 * and its clock is read on every request.
 */
final class ApprovalPriming {
  /** A fixed signing time: priming must not read the clock into anything that stays. */
  private static final long SIGNED_AT = 1_700_000_000L;

  private static final byte[] KEY = "ecs-medic priming key".getBytes(StandardCharsets.UTF_8);

  private final SlackApprovers approvers;

  ApprovalPriming(SlackApprovers approvers) {
    this.approvers = approvers;
  }

  /** Reads and checks the built click and renders the answers; returns the click, for the tests. */
  SlackInteraction prime() {
    try {
      String timestamp = Long.toString(SIGNED_AT);
      String body = "payload=" + URLEncoder.encode(click().toString(), StandardCharsets.UTF_8);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String signature = SlackSignature.sign(timestamp, bytes, KEY);
      FunctionUrlRequest request =
          FunctionUrlRequest.from(
              Json.MAPPER.readTree(
                  Json.MAPPER.writeValueAsBytes(event(body, timestamp, signature))));
      SlackSignature.check(
              request.header("x-slack-request-timestamp"),
              request.header("x-slack-signature"),
              request.body(),
              KEY,
              Instant.ofEpochSecond(SIGNED_AT))
          .ifPresent(
              why -> {
                throw new IllegalStateException("the primed click does not verify: " + why);
              });
      String payload =
          FormData.parse(new String(request.body(), StandardCharsets.UTF_8), Set.of("payload"))
              .get("payload");
      SlackInteraction interaction = SlackInteraction.from(Json.MAPPER.readTree(payload));
      approvers.refusal(interaction);
      SlackReplies.refused("priming").toString();
      Json.MAPPER.writeValueAsBytes(
          FunctionUrlResponse.html(200, Pages.message("Approved", "priming")).toJson());
      Json.MAPPER.writeValueAsBytes(FunctionUrlResponse.text(409, "priming").toJson());
      return interaction;
    } catch (IOException
        | FunctionUrlRequest.MalformedException
        | FormData.MalformedException
        | SlackInteraction.InvalidException e) {
      throw new IllegalStateException("the primed click does not read", e);
    }
  }

  /** A Slack button click as Slack sends it (the fields SlackInteraction reads). */
  private static ObjectNode click() {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.put("type", "block_actions");
    p.putObject("user").put("id", "U0PRIMING").put("username", "priming").put("team_id", "T0PRIME");
    p.putObject("team").put("id", "T0PRIME");
    p.putObject("channel").put("id", "C0PRIME");
    p.put("api_app_id", "A0PRIME");
    p.put("response_url", "https://hooks.slack.com/actions/T0PRIME/1/priming");
    p.putArray("actions")
        .addObject()
        .put("type", "button")
        .put("action_id", SlackInteraction.APPROVE_ACTION_ID)
        .put("value", "priming")
        .put("block_id", "b1");
    return p;
  }

  /** The function URL event of a signed POST to the Slack route. */
  private static ObjectNode event(String body, String timestamp, String signature) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("version", "2.0");
    e.put("rawPath", ApprovalRoutes.SLACK_PATH);
    e.put("rawQueryString", "");
    e.putObject("headers")
        .put("content-type", "application/x-www-form-urlencoded")
        .put("x-slack-request-timestamp", timestamp)
        .put("x-slack-signature", signature);
    e.put("body", body);
    e.put("isBase64Encoded", false);
    e.putObject("requestContext")
        .putObject("http")
        .put("method", "POST")
        .put("path", ApprovalRoutes.SLACK_PATH)
        .put("sourceIp", "192.0.2.1");
    return e;
  }
}
