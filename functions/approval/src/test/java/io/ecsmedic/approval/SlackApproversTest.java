package io.ecsmedic.approval;

import static io.ecsmedic.approval.Harness.INCIDENT;
import static io.ecsmedic.approval.Harness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who may press the buttons: a genuine Slack signature is not enough; the clicker, the workspace,
 * the app and the channel must be on the allow-lists, and with no lists nobody may.
 */
class SlackApproversTest {
  private static final String APPROVE = SlackInteraction.APPROVE_ACTION_ID;

  private static ObjectNode click(ObjectNode payload) {
    return Harness.signed(Harness.form(payload), NOW, Harness.SLACK_SECRET);
  }

  private static ObjectNode payload() {
    return Harness.clickPayload(APPROVE, INCIDENT);
  }

  private static void assertNothingDecided(Harness h) {
    assertThat(h.workflow.calls).isEmpty();
    assertThat(h.store.get(INCIDENT).status()).isEqualTo("PENDING");
  }

  @Test
  void aUserNotOnTheListIsRefusedToldWhoMayApproveAndAudited() throws Exception {
    Harness h = new Harness(Harness.ALICE_OF_T1, true);
    ObjectNode p = payload();
    ((ObjectNode) p.get("user")).put("id", "U0MALLORY").put("username", "mallory");

    Harness.Response r = h.call(click(p));

    assertThat(r.status()).isEqualTo(403);
    assertNothingDecided(h);
    assertThat(h.replies)
        .singleElement()
        .satisfies(
            reply -> {
              assertThat(reply.message().path("response_type").asText()).isEqualTo("ephemeral");
              assertThat(reply.message().path("text").asText())
                  .contains("<@U0MALLORY> is not on the approvers list")
                  .contains("<@U123ABC>");
            });
    assertThat(h.denials)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).isEqualTo(INCIDENT);
              assertThat(d.who()).isEqualTo("mallory (Slack U0MALLORY)");
              assertThat(d.where()).isEqualTo("team T1, app A1, channel C0ONCALL");
              assertThat(d.source()).isEqualTo("slack");
              assertThat(d.reason()).contains("not on the approvers list");
            });
  }

  @Test
  void anAllowListedUserClickingFromAnotherWorkspaceIsRefused() throws Exception {
    Harness h = new Harness(Harness.ALICE_OF_T1, true);
    ObjectNode p = payload();
    ((ObjectNode) p.get("user")).put("team_id", "T0SHARED");
    ((ObjectNode) p.get("team")).put("id", "T0SHARED");

    Harness.Response r = h.call(click(p));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("clicks from workspace T0SHARED are not accepted");
    assertNothingDecided(h);
    assertThat(h.denials)
        .singleElement()
        .satisfies(d -> assertThat(d.where()).contains("T0SHARED"));
  }

  @Test
  void withNoAllowListEveryClickIsRefusedWithHowToConfigureIt() throws Exception {
    Harness h = new Harness(new SlackApprovers(Set.of(), Set.of(), Set.of(), Set.of()), true);

    Harness.Response r = h.call(Harness.slackClick(APPROVE, INCIDENT, NOW));

    assertThat(r.status()).isEqualTo(403);
    assertNothingDecided(h);
    assertThat(h.replies.getFirst().message().path("text").asText())
        .contains("nobody may approve from Slack yet")
        .contains("SlackApproverUserIds")
        .contains("SlackApproverTeamIds")
        .contains("ecs-medic approve " + INCIDENT);
    assertThat(h.denials).hasSize(1);
  }

  @Test
  void aClickThroughAnotherAppOrFromAnotherChannelIsRefusedWhenThoseListsAreSet() throws Exception {
    SlackApprovers narrow =
        new SlackApprovers(Set.of("U123ABC"), Set.of("T1"), Set.of("A0MEDIC"), Set.of("C0OPS"));
    Harness h = new Harness(narrow, true);

    Harness.Response otherApp = h.call(click(payload()));
    ObjectNode ours = payload().put("api_app_id", "A0MEDIC");
    Harness.Response otherChannel = h.call(click(ours));
    ((ObjectNode) ours.get("channel")).put("id", "C0OPS");
    Harness.Response allowed = h.call(click(ours));

    assertThat(otherApp.status()).isEqualTo(403);
    assertThat(otherApp.body()).contains("Slack app A1, which is not the ecs-medic app");
    assertThat(otherChannel.status()).isEqualTo(403);
    assertThat(otherChannel.body()).contains("not accepted from channel C0ONCALL");
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(h.workflow.of("success")).hasSize(1);
    assertThat(h.denials).hasSize(2);
  }

  @Test
  void aRightToLeftOverrideInTheUserNameIsNotStored() throws Exception {
    Harness h = new Harness(Harness.ALICE_OF_T1, true);
    ObjectNode p = payload();
    ((ObjectNode) p.get("user")).put("username", "ali\u202Ece\u200B\u2066nimda\u2069");

    Harness.Response r = h.call(click(p));

    assertThat(r.status()).isEqualTo(200);
    assertThat(h.store.get(INCIDENT).approver()).isEqualTo("alicenimda (Slack U123ABC)");
  }
}
