package io.ecsmedic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.classify.Classifier;
import io.ecsmedic.event.InputParser;
import io.ecsmedic.json.Json;
import io.ecsmedic.model.ActionType;
import io.ecsmedic.model.Category;
import io.ecsmedic.model.Evidence;
import io.ecsmedic.model.Finding;
import io.ecsmedic.model.ProposedAction;
import io.ecsmedic.model.ResourceRef;
import io.ecsmedic.testing.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SlackBlocksTest {
  private static final Classifier CLASSIFIER = Classifier.bundled();
  private static final String INCIDENT = "inc-7f3a";
  private static final String HOSTILE =
      "CannotPullContainerError: <script>alert(1)</script> & denied: requested access to the"
          + " resource is denied";

  private static Finding fixture(String name) throws Exception {
    return CLASSIFIER.classify(
        new InputParser().parse(Files.readString(Fixtures.path("task-state-change/" + name))));
  }

  private static Finding message(String text) throws Exception {
    return CLASSIFIER.classify(
        new InputParser().parse(Json.MAPPER.createObjectNode().put("message", text).toString()));
  }

  private static List<String> types(ObjectNode payload) {
    return StreamSupport.stream(payload.get("blocks").spliterator(), false)
        .map(b -> b.get("type").asText())
        .toList();
  }

  private static String slackEscaped(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static List<JsonNode> textObjects(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      String type = node.path("type").asText();
      if ((type.equals("mrkdwn") || type.equals("plain_text")) && node.has("text")) {
        out.add(node);
      }
    }
    node.forEach(child -> collect(child, out));
  }

  private static String context(ObjectNode payload) {
    for (JsonNode block : payload.get("blocks")) {
      if (block.get("type").asText().equals("context")) {
        return block.get("elements").toString();
      }
    }
    throw new AssertionError("no context block");
  }

  private static void assertWithinSlackLimits(ObjectNode payload) {
    assertThat(payload.get("blocks").size()).isBetween(1, 50);
    assertThat(payload.get("text").asText()).isNotBlank();
    for (JsonNode text : textObjects(payload.get("blocks"))) {
      assertThat(text.get("text").asText()).isNotBlank().hasSizeLessThanOrEqualTo(3000);
    }
    for (JsonNode block : payload.get("blocks")) {
      if (block.has("fields")) {
        assertThat(block.get("fields").size()).isLessThanOrEqualTo(10);
        block.get("fields").forEach(t -> assertThat(t.get("text").asText()).hasSizeLessThan(2001));
      }
    }
  }

  @Test
  void oomAlertHasHeaderSummaryWhyFixAndContextInThatOrder() throws Exception {
    Finding f = fixture("oom-container-limit.json");
    assertThat(f.category()).isEqualTo(Category.OOM);

    ObjectNode payload = SlackBlocks.message(f, INCIDENT, 0, false);

    assertThat(types(payload))
        .containsExactly("header", "section", "section", "section", "context");
    assertWithinSlackLimits(payload);
    String headline = AlertText.headline(f);
    assertThat(payload.get("text").asText()).isEqualTo(headline + " — " + f.summary());
    JsonNode header = payload.get("blocks").get(0).get("text");
    assertThat(header.get("type").asText()).isEqualTo("plain_text");
    assertThat(header.get("emoji").asBoolean()).isTrue();
    assertThat(header.get("text").asText()).isEqualTo(headline).hasSizeLessThanOrEqualTo(150);

    JsonNode summary = payload.get("blocks").get(1);
    assertThat(summary.at("/text/text").asText()).isEqualTo(f.summary());
    List<String> fields =
        StreamSupport.stream(summary.get("fields").spliterator(), false)
            .map(t -> t.get("text").asText())
            .toList();
    assertThat(fields).contains("*Category*\nOOM", "*Sub-cause*\nCONTAINER_LIMIT");
    if (f.resource().cluster() != null) {
      assertThat(fields).contains("*Cluster*\n" + f.resource().cluster());
    }

    String why = payload.get("blocks").get(2).at("/text/text").asText();
    assertThat(why).startsWith("*Why*");
    Evidence first = f.evidence().get(0);
    assertThat(why).contains("`" + first.field() + "`");
    assertThat(why.lines().count()).isEqualTo(1 + Math.min(3, f.evidence().size()));

    String fix = payload.get("blocks").get(3).at("/text/text").asText();
    assertThat(fix).startsWith("*Fix*").contains(f.actions().get(0).title());
    f.actions().stream()
        .filter(a -> a.command() != null)
        .findFirst()
        .ifPresent(a -> assertThat(fix).contains("```" + slackEscaped(a.command()) + "```"));

    String context = context(payload);
    assertThat(context).contains("|Runbook>", "incident " + INCIDENT);
    assertThat(context).doesNotContain("repeats", "labelled, not paged");
  }

  @Test
  void buttonsOnlyWhenApprovalIsPendingCarryingTheIncidentId() throws Exception {
    Finding f = fixture("oom-container-limit.json");

    assertThat(types(SlackBlocks.message(f, INCIDENT, 0, false))).doesNotContain("actions");
    assertThat(SlackBlocks.message(f, INCIDENT, 0, false).toString()).doesNotContain("button");

    ObjectNode pending = SlackBlocks.message(f, INCIDENT, 0, true);
    assertWithinSlackLimits(pending);
    List<String> types = types(pending);
    assertThat(types).last().isEqualTo("actions");
    JsonNode buttons = pending.get("blocks").get(types.size() - 1).get("elements");
    assertThat(buttons).hasSize(2);
    assertThat(buttons.get(0).get("type").asText()).isEqualTo("button");
    assertThat(buttons.get(0).at("/text/text").asText()).isEqualTo("Approve");
    assertThat(buttons.get(0).get("style").asText()).isEqualTo("primary");
    assertThat(buttons.get(0).get("action_id").asText()).isEqualTo("ecs-medic.approve");
    assertThat(buttons.get(0).get("value").asText()).isEqualTo(INCIDENT);
    assertThat(buttons.get(1).at("/text/text").asText()).isEqualTo("Reject");
    assertThat(buttons.get(1).get("style").asText()).isEqualTo("danger");
    assertThat(buttons.get(1).get("action_id").asText()).isEqualTo("ecs-medic.reject");
    assertThat(buttons.get(1).get("value").asText()).isEqualTo(INCIDENT);
  }

  @Test
  void slackControlCharactersFromTheInputAreEscapedEverywhere() throws Exception {
    Finding f = message(HOSTILE);
    assertThat(f.category()).isEqualTo(Category.IMAGE_PULL);
    assertThat(f.summary() + f.evidence()).contains("<script>");

    ObjectNode payload = SlackBlocks.message(f, INCIDENT, 2, true);
    assertWithinSlackLimits(payload);
    String json = payload.toString();

    assertThat(json).doesNotContain("<script>", "</script>").contains("&lt;script&gt;");
    assertThat(json).doesNotContain(" & ").contains(" &amp; ");
    for (JsonNode text : textObjects(payload)) {
      String withoutLinks = text.get("text").asText().replaceAll("<[^<>|\\s]+\\|Runbook>", "");
      assertThat(withoutLinks).doesNotContain("<", ">");
    }
    assertThat(payload.get("text").asText()).doesNotContain("<", ">");
  }

  @Test
  void expectedScaleInIsLabelledNotPaged() throws Exception {
    Finding f = fixture("expected-scale-in.json");
    assertThat(f.category()).isEqualTo(Category.EXPECTED_STOP);

    ObjectNode payload = SlackBlocks.message(f, INCIDENT, 0, false);

    assertWithinSlackLimits(payload);
    assertThat(types(payload)).startsWith("header", "section").endsWith("context");
    assertThat(context(payload)).contains("labelled, not paged");
    assertThat(
            context(SlackBlocks.message(fixture("oom-container-limit.json"), INCIDENT, 0, false)))
        .doesNotContain("labelled");
  }

  @Test
  void repeatsLineOnlyWhenRepeatsWereFolded() throws Exception {
    Finding f = fixture("oom-container-limit.json");

    assertThat(context(SlackBlocks.message(f, INCIDENT, 0, false))).doesNotContain("repeats");
    assertThat(context(SlackBlocks.message(f, INCIDENT, 4, false)))
        .contains("4 repeats since the previous alert");
  }

  @Test
  void threadReplyCountsOccurrences() throws Exception {
    Finding f = fixture("oom-container-limit.json");

    ObjectNode reply = SlackBlocks.threadReply(f, INCIDENT, 5);

    assertThat(reply.get("text").asText())
        .isEqualTo("5 occurrences so far of " + AlertText.headline(f));
    assertThat(reply.has("blocks")).isFalse();
    assertThat(SlackBlocks.threadReply(message(HOSTILE), INCIDENT, 2).toString())
        .doesNotContain("<script>");
  }

  @Test
  void longTextIsCutToSlackLimitsWithoutBreakingEntitiesOrFences() {
    String longName = "svc-" + "a&b".repeat(80);
    String command = "aws ecs update-service --service " + "x<y".repeat(1200);
    Finding f =
        new Finding(
            Category.OOM,
            "CONTAINER_LIMIT",
            "oom.container-limit",
            "summary " + "&".repeat(5000),
            List.of(
                new Evidence("detail.a", "v1", "r1"),
                new Evidence("detail.b", "v2", "r2"),
                new Evidence("detail.c", "v3", "r3"),
                new Evidence("detail.d", "v4", "r4")),
            List.of(new ProposedAction(ActionType.RAISE_MEMORY, "Raise memory", command, null)),
            "https://example.com/runbook#oom",
            ResourceRef.service("123456789012", "us-east-1", "prod", longName),
            null,
            "message",
            null);

    ObjectNode payload = SlackBlocks.message(f, INCIDENT, 0, true);

    assertWithinSlackLimits(payload);
    String header = payload.get("blocks").get(0).at("/text/text").asText();
    assertThat(header).hasSizeLessThanOrEqualTo(150).endsWith("…").doesNotContain("<", ">");
    assertThat(header.replaceAll("&(amp|lt|gt);", "")).doesNotContain("&");
    String why = payload.get("blocks").get(2).at("/text/text").asText();
    assertThat(why).contains("detail.c").doesNotContain("detail.d");
    String fix = payload.get("blocks").get(3).at("/text/text").asText();
    assertThat(fix).hasSizeLessThanOrEqualTo(3000).endsWith("…```");
    assertThat(fix.split("```", -1)).hasSize(3);
    assertThat(fix.replaceAll("&(amp|lt|gt);", "")).doesNotContain("&", "<", ">");
  }

  @Test
  void aProposalCarriesWhatWouldChangeItsUndoAndTheButtonsEscaped() {
    ObjectNode m =
        SlackBlocks.proposal(
            "orders-api",
            "prod",
            "raise task memory 1024 → 2048 MiB <!channel>",
            "MEDIUM, reversible",
            "aws ecs update-service --cluster prod --service orders-api --task-definition td:7",
            "mode PROPOSE: a human approves every change",
            List.of(
                "alb-check: 1 FAIL, 0 UNKNOWN, 9 PASS",
                "alb.port: health checks go to port 80 <&>"),
            "4e1a9e978e9a-1772373720",
            "2026-03-01T15:02:00Z");

    String text = m.toString();
    assertThat(text).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
    assertThat(text).contains("```aws ecs update-service --cluster prod");
    assertThat(m.path("blocks").get(0).at("/text/text").asText())
        .isEqualTo("Approve a fix for orders-api (prod)?");
    assertThat(m.path("blocks").get(2).at("/text/text").asText())
        .isEqualTo(
            "*Checked* alb-check: 1 FAIL, 0 UNKNOWN, 9 PASS\n• alb.port: health checks go to port 80 &lt;&amp;&gt;");
    JsonNode actions = m.path("blocks").get(m.path("blocks").size() - 1);
    assertThat(actions.path("type").asText()).isEqualTo("actions");
    assertThat(actions.path("elements").findValuesAsText("action_id"))
        .containsExactly(SlackBlocks.APPROVE_ACTION_ID, SlackBlocks.REJECT_ACTION_ID);
    assertThat(actions.path("elements").findValuesAsText("value"))
        .containsOnly("4e1a9e978e9a-1772373720");
  }
}
