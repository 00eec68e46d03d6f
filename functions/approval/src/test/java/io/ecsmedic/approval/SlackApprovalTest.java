package io.ecsmedic.approval;

import static io.ecsmedic.approval.Harness.INCIDENT;
import static io.ecsmedic.approval.Harness.NOW;
import static io.ecsmedic.approval.Harness.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.approval.Workflow;
import io.ecsmedic.aws.audit.ApprovalItem;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Approve / Reject buttons: signature first, then one decision per approval. */
class SlackApprovalTest {
  private static final String APPROVE = "ecs-medic.approve";
  private static final String REJECT = "ecs-medic.reject";

  private final Harness h = new Harness();

  @Test
  void signsLikeOpensslForSlacksBaseString() {
    // printf 'v0:1531420618:payload=%7B%22type%22%3A%22block_actions%22%7D' \
    //   | openssl dgst -sha256 -hmac 8f742231b10e8888abcd99yyyzzz85a5
    byte[] body = "payload=%7B%22type%22%3A%22block_actions%22%7D".getBytes(StandardCharsets.UTF_8);

    assertThat(SlackSignature.sign("1531420618", body, Harness.SLACK_SECRET.getBytes()))
        .isEqualTo("v0=9dffc25b49a4a7fc2e15c9c9450bf8af09eb501fcef9039eaea3deb58af0c82c");
    assertThat(
            SlackSignature.check(
                "1531420618",
                "v0=9dffc25b49a4a7fc2e15c9c9450bf8af09eb501fcef9039eaea3deb58af0c82c",
                body,
                Harness.SLACK_SECRET.getBytes(),
                Instant.ofEpochSecond(1531420618 + 300)))
        .isEmpty();
  }

  @Test
  void approvesAndReleasesTheWaitingTaskWithTheApprover() throws Exception {
    Harness.Response r = h.call(Harness.slackClick(APPROVE, INCIDENT, NOW));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("Approved by <@U123ABC>; ecs-medic re-checks the service, then applies");
    assertThat(h.workflow.of("success")).hasSize(1);
    RecordingWorkflow.Call call = h.workflow.of("success").getFirst();
    assertThat(call.taskToken()).isEqualTo(TOKEN);
    JsonNode output = Json.MAPPER.readTree(call.output());
    assertThat(output.path("approved").asBoolean()).isTrue();
    assertThat(output.path("approver").asText()).isEqualTo("alice (Slack U123ABC)");
    assertThat(output.path("decidedAt").asText()).isEqualTo("2026-11-28T12:00:00.250Z");
    assertThat(output.path("source").asText()).isEqualTo("slack");
    ApprovalItem item = h.store.get(INCIDENT);
    assertThat(item.status()).isEqualTo("APPROVED");
    assertThat(item.approver()).isEqualTo("alice (Slack U123ABC)");
    assertThat(item.decisionSource()).isEqualTo("slack");
    assertThat(item.decidedAt()).isEqualTo(NOW);
  }

  @Test
  void aReplayedRequestIsRefusedWith409AndDecidesOnce() throws Exception {
    ObjectNode click = Harness.slackClick(APPROVE, INCIDENT, NOW);

    Harness.Response first = h.call(click);
    h.clock.advance(Duration.ofSeconds(30));
    Harness.Response replay = h.call(click);

    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.body()).contains("already decided (approved by alice (Slack U123ABC))");
    assertThat(h.workflow.of("success")).hasSize(1);
    assertThat(h.workflow.calls).hasSize(1);
  }

  @Test
  void rejectFailsTheTaskWithTheApprover() throws Exception {
    Harness.Response r = h.call(Harness.slackClick(REJECT, INCIDENT, NOW));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).startsWith("Rejected by <@U123ABC>");
    assertThat(h.workflow.of("success")).isEmpty();
    assertThat(h.workflow.of("failure"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.taskToken()).isEqualTo(TOKEN);
              assertThat(c.error()).isEqualTo("Rejected");
              assertThat(c.cause()).isEqualTo("rejected by alice (Slack U123ABC)");
            });
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("REJECTED");
  }

  @Test
  void aForgedSignatureIsRefusedAndDecidesNothing() throws Exception {
    String body = Harness.form(Harness.clickPayload(APPROVE, INCIDENT));
    ObjectNode forged = Harness.signed(body, NOW, "not-the-signing-secret-000000000");

    try (CapturedLog log = new CapturedLog(ApprovalRoutes.class)) {
      Harness.Response r = h.call(forged);

      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).contains("signature does not match");
      assertThat(log.text()).contains("WARN refused POST /slack/actions: 401");
    }
    assertThat(h.workflow.calls).isEmpty();
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("PENDING");
    assertThat(h.replies).isEmpty();
  }

  @Test
  void aBodyChangedAfterSigningIsRefused() throws Exception {
    ObjectNode click = Harness.slackClick(REJECT, INCIDENT, NOW);
    String tampered = Harness.form(Harness.clickPayload(APPROVE, INCIDENT));
    click.put("body", tampered);

    assertThat(h.call(click).status()).isEqualTo(401);
    assertThat(h.workflow.calls).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {-301, 301})
  void aTimestampMoreThanFiveMinutesAwayIsRefused(long offsetSeconds) throws Exception {
    Harness.Response r =
        h.call(Harness.slackClick(APPROVE, INCIDENT, NOW.plusSeconds(offsetSeconds)));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).contains("stale request");
    assertThat(h.workflow.calls).isEmpty();
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("PENDING");
  }

  @Test
  void aTimestampFiveMinutesOldIsStillAccepted() throws Exception {
    assertThat(h.call(Harness.slackClick(APPROVE, INCIDENT, NOW.minusSeconds(299))).status())
        .isEqualTo(200);
  }

  @Test
  void missingSignatureHeadersAreRefused() throws Exception {
    ObjectNode click = Harness.slackClick(APPROVE, INCIDENT, NOW);
    ((ObjectNode) click.get("headers")).remove("x-slack-signature");

    Harness.Response r = h.call(click);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).contains("x-slack-signature");
  }

  @Test
  void acceptsABase64Body() throws Exception {
    ObjectNode click = Harness.slackClick(APPROVE, INCIDENT, NOW);
    String body = click.get("body").asText();
    click.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    click.put("isBase64Encoded", true);

    assertThat(h.call(click).status()).isEqualTo(200);
    assertThat(h.workflow.of("success")).hasSize(1);
  }

  @Test
  void theWindowClosedInStepFunctionsAnswers410AndMarksTheApprovalExpired() throws Exception {
    h.workflow.failWith = new Workflow.WindowClosedException("Step Functions answered X", null);

    Harness.Response r = h.call(Harness.slackClick(APPROVE, INCIDENT, NOW));

    assertThat(r.status()).isEqualTo(410);
    assertThat(r.body()).contains("the approval window has closed");
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("EXPIRED");

    h.workflow.failWith = null;
    assertThat(h.call(Harness.slackClick(APPROVE, INCIDENT, NOW)).status()).isEqualTo(410);
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void whenStepFunctionsCannotBeReachedTheDecisionIsGivenBack() throws Exception {
    h.workflow.failWith = new IllegalStateException("throttled");

    Harness.Response failed;
    try (CapturedLog log = new CapturedLog(ApprovalHandler.class)) {
      failed = h.call(Harness.slackClick(APPROVE, INCIDENT, NOW));
      assertThat(log.text()).contains("ERROR request failed: java.lang.IllegalStateException");
    }

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.body()).contains("nothing was decided");
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("PENDING");
    assertThat(h.store.get(INCIDENT).approver()).isNull();

    h.workflow.failWith = null;
    h.clock.advance(Duration.ofSeconds(5));
    assertThat(h.call(Harness.slackClick(APPROVE, INCIDENT, h.clock.instant())).status())
        .isEqualTo(200);
    assertThat(h.workflow.of("success")).hasSize(1);
  }

  @Test
  void anApprovalPastItsWindowAnswers410Expired() throws Exception {
    h.clock.advance(Duration.ofHours(1));

    Harness.Response r = h.call(Harness.slackClick(APPROVE, INCIDENT, h.clock.instant()));

    assertThat(r.status()).isEqualTo(410);
    assertThat(r.body()).contains("expired");
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void anUnknownIncidentAnswers404() throws Exception {
    Harness.Response r = h.call(Harness.slackClick(APPROVE, "nope-1", NOW));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("no approval is waiting for incident nope-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<script>alert(1)</script>", "a\"b", "x' OR '1'='1", "", "é"})
  void refusesAButtonValueThatIsNotAnIncidentId(String value) throws Exception {
    Harness.Response r = h.call(Harness.slackClick(APPROVE, value, NOW));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("[A-Za-z0-9-]{1,80}");
    if (!value.isEmpty()) {
      assertThat(r.body()).doesNotContain(value);
    }
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void refusesOtherActions() throws Exception {
    Harness.Response r = h.call(Harness.slackClick("something.else", INCIDENT, NOW));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("not an ecs-medic approval button");
  }

  @Test
  void repliesInSlackWithTheAlertWithoutButtonsAndTheDecision() throws Exception {
    h.call(Harness.slackClick(APPROVE, INCIDENT, NOW));

    assertThat(h.replies)
        .singleElement()
        .extracting(Harness.Reply::url)
        .isEqualTo(Harness.RESPONSE_URL);
    ObjectNode reply = h.replies.getFirst().message();
    assertThat(reply.path("replace_original").asBoolean()).isTrue();
    List<String> types =
        StreamSupport.stream(reply.path("blocks").spliterator(), false)
            .map(b -> b.path("type").asText())
            .toList();
    assertThat(types).containsExactly("header", "section", "context");
    assertThat(reply.path("blocks").get(2).path("elements").get(0).path("text").asText())
        .startsWith("Approved by <@U123ABC>");
  }

  @Test
  void tellsOnlyTheClickerWhyASecondClickWasRefused() throws Exception {
    h.call(Harness.slackClick(APPROVE, INCIDENT, NOW));
    h.replies.clear();

    h.call(Harness.slackClick(REJECT, INCIDENT, NOW.plusSeconds(10)));

    ObjectNode reply = h.replies.getFirst().message();
    assertThat(reply.path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(reply.path("replace_original").asBoolean()).isFalse();
    assertThat(reply.path("text").asText())
        .isEqualTo("Not applied: already decided (approved by alice (Slack U123ABC))");
  }

  @Test
  void escapesTheApproversNameInSlackText() throws Exception {
    Harness h =
        new Harness(
            new SlackApprovers(
                java.util.Set.of("U123ABC", "U999"),
                java.util.Set.of("T1"),
                java.util.Set.of(),
                java.util.Set.of()),
            true);
    ObjectNode payload = Harness.clickPayload(APPROVE, INCIDENT);
    ((ObjectNode) payload.get("user")).put("id", "U999").put("username", "<!channel> & co");
    h.call(Harness.signed(Harness.form(payload), NOW, Harness.SLACK_SECRET));
    h.replies.clear();

    h.call(Harness.slackClick(REJECT, INCIDENT, NOW));

    assertThat(h.replies.getFirst().message().path("text").asText())
        .isEqualTo(
            "Not applied: already decided (approved by &lt;!channel&gt; &amp; co (Slack U999))");
  }

  @Test
  void readsTheSigningSecretOncePerFiveMinutes() throws Exception {
    h.call(Harness.slackClick(APPROVE, "nope-1", NOW));
    h.call(Harness.slackClick(APPROVE, "nope-2", NOW));
    assertThat(h.secretReads).hasValue(1);

    h.clock.advance(CachedSecret.TTL);
    h.call(Harness.slackClick(APPROVE, "nope-3", h.clock.instant()));
    assertThat(h.secretReads).hasValue(2);
  }

  @Test
  void slackIsOffWithoutASigningSecret() throws Exception {
    Harness linksOnly = new Harness("", Harness.LINK_SECRET_ARN);

    Harness.Response r = linksOnly.call(Harness.slackClick(APPROVE, INCIDENT, NOW));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).contains("Slack approvals are not configured");
  }
}
