package io.ecsmedic.approval;

import static io.ecsmedic.approval.Harness.INCIDENT;
import static io.ecsmedic.approval.Harness.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.aws.approval.Approvals;
import io.ecsmedic.aws.approval.Workflow;
import io.ecsmedic.testing.CapturedLog;
import io.ecsmedic.testing.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What is not an approval: other paths and methods, oversized bodies, non-events; and logs. */
class RoutingTest {
  private final Harness h = new Harness();

  @Test
  void anUnknownPathAnswers404() throws Exception {
    Harness.Response r = h.call(Harness.event("GET", "/admin", "", null));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("no such route\n");
  }

  @Test
  void aWrongMethodAnswers405WithAllow() throws Exception {
    Harness.Response slack = h.call(Harness.event("GET", "/slack/actions", "", null));
    Harness.Response link = h.call(Harness.event("DELETE", "/approve", "", null));

    assertThat(slack.status()).isEqualTo(405);
    assertThat(slack.headers()).containsEntry("allow", "POST");
    assertThat(link.status()).isEqualTo(405);
    assertThat(link.headers()).containsEntry("allow", "GET, POST");
  }

  @Test
  void aBodyOver64KbAnswers413() throws Exception {
    String big = "payload=" + "a".repeat(64 * 1024);

    Harness.Response slack = h.call(Harness.signed(big, NOW, Harness.SLACK_SECRET));
    Harness.Response link = h.call(Harness.event("POST", "/approve", "", big));

    assertThat(slack.status()).isEqualTo(413);
    assertThat(link.status()).isEqualTo(413);
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void anEventOverTheLimitAnswers413WithoutParsing() throws Exception {
    byte[] huge = new byte[ApprovalHandler.MAX_EVENT_BYTES + 10];
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    h.handler.handleRequest(new ByteArrayInputStream(huge), out, new TestContext("approval"));

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"statusCode\":413");
  }

  @Test
  void somethingThatIsNotAFunctionUrlEventAnswers400() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    h.handler.handleRequest(
        new ByteArrayInputStream("{\"detail-type\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
        out,
        new TestContext("approval"));

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"statusCode\":400");
  }

  @Test
  void theKeepWarmScheduleIsAnsweredWithoutReadingOrDecidingAnything() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (CapturedLog log = new CapturedLog(ApprovalHandler.class)) {
      h.handler.handleRequest(
          new ByteArrayInputStream(ApprovalHandler.KEEP_WARM.getBytes(StandardCharsets.UTF_8)),
          out,
          new TestContext("approval"));

      assertThat(log.lines()).isEmpty();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"statusCode\":200");
    assertThat(h.secretReads).hasValue(0);
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void aFunctionUrlRequestCarryingTheKeepWarmBodyIsStillAnHttpRequest() throws Exception {
    ObjectNode request = Harness.event("POST", "/slack/actions", "", ApprovalHandler.KEEP_WARM);
    request.put("ecsMedic", "keep-warm");

    Harness.Response r = h.call(request);

    assertThat(r.status()).isNotEqualTo(200);
    assertThat(h.workflow.calls).isEmpty();
  }

  @Test
  void neverLogsSecretsSignaturesOrTheTaskToken() throws Exception {
    String linkSig =
        Harness.hmacHex(Harness.LINK_SECRET, INCIDENT + "|approve|" + Harness.inAnHour());
    ObjectNode click = Harness.slackClick("ecs-medic.approve", INCIDENT, NOW);
    String slackSig = click.path("headers").path("x-slack-signature").asText();
    try (CapturedLog handler = new CapturedLog(ApprovalHandler.class);
        CapturedLog routes = new CapturedLog(ApprovalRoutes.class);
        CapturedLog approvals = new CapturedLog(Approvals.class)) {
      h.call(
          Harness.event(
              "GET", "/approve", Harness.linkQuery(INCIDENT, "approve", Harness.inAnHour()), null));
      h.call(Harness.event("POST", "/approve", "", Harness.linkQuery(INCIDENT, "reject", 1)));
      h.call(click);
      h.call(click);
      h.workflow.failWith = new Workflow.WindowClosedException("Step Functions answered X", null);
      h.store.pending("other-1", Harness.TOKEN, NOW.plus(Duration.ofHours(1)), "s");
      h.call(Harness.slackClick("ecs-medic.reject", "other-1", NOW));
      h.workflow.failWith = new IllegalStateException("token " + Harness.TOKEN);
      h.store.pending("other-2", Harness.TOKEN, NOW.plus(Duration.ofHours(1)), "s");
      h.call(Harness.slackClick("ecs-medic.reject", "other-2", NOW));

      String logs = handler.text() + "\n" + routes.text() + "\n" + approvals.text();
      assertThat(logs)
          .contains("refused", "APPROVED by alice")
          .doesNotContain(Harness.SLACK_SECRET)
          .doesNotContain(Harness.LINK_SECRET)
          .doesNotContain(linkSig)
          .doesNotContain(slackSig.substring(3))
          .doesNotContain(Harness.TOKEN)
          .doesNotContain("sig=");
    }
  }

  @Test
  void settingsNeedTheTableAndAtLeastOneWayToApprove() {
    Map<String, String> base = Map.of("AWS_REGION", "eu-west-1", "AUDIT_TABLE_NAME", "audit");

    assertThatThrownBy(() -> ApprovalSettings.fromEnv(base))
        .hasMessageContaining("SLACK_SIGNING_SECRET_ARN");
    assertThatThrownBy(
            () ->
                ApprovalSettings.fromEnv(
                    Map.of("AWS_REGION", "eu-west-1", "APPROVAL_LINK_SECRET_ARN", "arn")))
        .hasMessageContaining("AUDIT_TABLE_NAME");
    ApprovalSettings s =
        ApprovalSettings.fromEnv(
            Map.of(
                "AWS_REGION", "eu-west-1",
                "AUDIT_TABLE_NAME", "audit",
                "SLACK_SIGNING_SECRET_ARN", "arn:slack"));
    assertThat(s.slackSigningSecretArn()).isEqualTo("arn:slack");
    assertThat(s.linkSecretArn()).isEmpty();
  }

  @Test
  void theApprovalItemNeverPrintsItsTaskToken() {
    assertThat(h.store.get(INCIDENT).toString()).doesNotContain(Harness.TOKEN);
  }
}
