package io.ecsmedic.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Puts a proposal with its Approve / Reject buttons in front of on-call in Slack, the way triage
 * posts alerts: with a bot token, as a reply in the incident's thread (the alert triage posted)
 * when there is one; otherwise through the incoming webhook. Slack is a convenience beside the
 * e-mail links on the alert topic, so a failure here is logged and otherwise ignored: it never
 * fails the approval request. Secrets are read when needed and never logged.
 */
final class SlackProposals {
  private static final Logger LOG = LoggerFactory.getLogger(SlackProposals.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Where proposals go; {@link #NONE} when Slack is not configured. */
  record Target(
      Supplier<String> botToken, String channel, URI apiBase, Supplier<String> webhookUrl) {}

  static final SlackProposals NONE = new SlackProposals(null, null, null);

  private final Target target;
  private final DynamoDbClient dynamo;
  private final String table;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  SlackProposals(Target target, DynamoDbClient dynamo, String table) {
    this.target = target;
    this.dynamo = dynamo;
    this.table = table;
  }

  void post(String incidentId, ObjectNode message) {
    if (target == null) {
      return;
    }
    try {
      String failure;
      if (target.botToken() != null) {
        Optional<String[]> thread = threadOf(incidentId);
        message.put("channel", thread.map(t -> t[0]).orElse(target.channel()));
        thread.ifPresent(t -> message.put("thread_ts", t[1]).put("reply_broadcast", true));
        failure =
            send(
                target.apiBase().resolve("chat.postMessage"),
                message,
                "Bearer " + target.botToken().get().strip());
      } else {
        failure = send(URI.create(target.webhookUrl().get().strip()), message, null);
      }
      if (failure != null) {
        LOG.warn("Slack proposal for incident {} not delivered: {}", incidentId, failure);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Slack proposal for incident {} not delivered: {}",
          incidentId,
          e.getClass().getSimpleName());
    }
  }

  /** The channel and ts of the alert triage posted for the incident, if the bot posted one. */
  private Optional<String[]> threadOf(String incidentId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS("SLACK#" + incidentId),
                                "sk", AttributeValue.fromS("THREAD"))))
            .item();
    if (item == null || !item.containsKey("ts") || !item.containsKey("channel")) {
      return Optional.empty();
    }
    return Optional.of(new String[] {item.get("channel").s(), item.get("ts").s()});
  }

  /** Null on success, else why (without the credential). */
  private String send(URI uri, ObjectNode body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return "HTTP " + response.statusCode();
      }
      if (authorization != null) {
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (!answer.path("ok").asBoolean()) {
          return "Slack said " + answer.path("error").asText("not ok");
        }
      }
      return null;
    } catch (IOException e) {
      return "unreachable: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
