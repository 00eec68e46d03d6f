package io.ecsmedic.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsmedic.json.Json;
import io.ecsmedic.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * Fail closed: an unreadable mode tag means OBSERVE, and an event from another account is alerted
 * with a label but never checked, tag-read or remediated. (The test context's function ARN is in
 * account 123456789012, like the fixtures.)
 */
class TriageModeAndAccountTest {
  private static final String OOM = "task-state-change/oom-container-limit.json";
  private final Ports ports = new Ports();
  private final List<String> tagReads = new ArrayList<>();
  private final List<String> checked = new ArrayList<>();

  private JsonNode invoke(String account) throws Exception {
    ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Fixtures.read(OOM));
    event.put("id", "e-" + account);
    event.put("account", account);
    return TestTriage.invoke(ports.handler(), Json.MAPPER.writeValueAsBytes(event));
  }

  @Test
  void anUnreadableModeTagMeansObserveNeverTheTemplateDefault() throws Exception {
    ports.tagReader =
        arn -> {
          throw (EcsException) EcsException.builder().message("Rate exceeded").build();
        };

    JsonNode result = invoke("123456789012");

    assertThat(result.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(result.get("mode").asText()).isEqualTo("OBSERVE");
    assertThat(ports.started).as("no workflow in OBSERVE").isEmpty();
    assertThat(ports.sent)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.notes())
                    .containsExactly("mode tag unreadable: observing only (EcsException)"));
    assertThat(ports.audit.records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.mode()).isEqualTo("OBSERVE");
              assertThat(r.detail()).contains("mode tag unreadable: observing only");
            });
  }

  @Test
  void anUnknownModeTagValueMeansObserveToo() throws Exception {
    ports.tags.put(ModeResolver.TAG, "of");

    JsonNode result = invoke("123456789012");

    assertThat(result.get("mode").asText()).isEqualTo("OBSERVE");
    assertThat(result.get("modeReason").asText())
        .isEqualTo("mode tag 'of' unknown: observing only");
    assertThat(ports.started).isEmpty();
  }

  @Test
  void aServiceTaggedOffStaysOptedOutAndAReadableTagStillApplies() throws Exception {
    ports.tags.put(ModeResolver.TAG, "off");

    JsonNode result = invoke("123456789012");

    assertThat(result.get("status").asText()).isEqualTo("OPTED_OUT");
    assertThat(ports.sent).isEmpty();
  }

  @Test
  void anEventFromAnotherAccountIsAlertedLabelledAndNeverCheckedTagReadOrRemediated()
      throws Exception {
    ports.tagReader =
        arn -> {
          tagReads.add(arn);
          return ports.tags;
        };
    ports.deepCheck =
        (finding, event) -> {
          checked.add(finding.category().name());
          return Optional.empty();
        };

    JsonNode result = invoke("111122223333");

    assertThat(result.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(result.get("mode").asText()).isEqualTo("OBSERVE");
    String label =
        "not checked: no access to account 111122223333 (not a member account of this stack,"
            + " 123456789012)";
    assertThat(ports.sent)
        .singleElement()
        .satisfies(a -> assertThat(a.notes()).containsExactly(label));
    assertThat(ports.audit.records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.decision()).isEqualTo("NOTIFIED");
              assertThat(r.mode()).isEqualTo("OBSERVE");
              assertThat(r.detail()).contains(label);
            });
    assertThat(tagReads).isEmpty();
    assertThat(checked).isEmpty();
    assertThat(ports.started).isEmpty();
  }

  @Test
  void thisAccountsEventIsCheckedAndRemediatedAsBefore() throws Exception {
    ports.deepCheck =
        (finding, event) -> {
          checked.add(finding.category().name());
          return Optional.empty();
        };

    invoke("123456789012");

    assertThat(checked).hasSize(1);
    assertThat(ports.started).hasSize(1);
    assertThat(ports.sent.getFirst().notes()).isEmpty();
  }

  @Test
  void theOwnAccountComesFromTheFunctionArnAndAnUnknownOneTrustsNoAccount() {
    assertThat(OwnAccount.fromFunctionArn("arn:aws:lambda:eu-west-1:210987654321:function:t"))
        .contains("210987654321");
    assertThat(OwnAccount.fromFunctionArn(null)).isEmpty();
    assertThat(OwnAccount.fromFunctionArn("triage")).isEmpty();
    AccountReach own = AccountReach.ownAccountOnly(DeepCheck.NONE);
    assertThat(own.of(new AccountReach.Where("111122223333", "eu-west-1", Optional.empty())))
        .isEqualTo(
            new AccountReach.Unreachable(
                "not checked: no access to account 111122223333 (not a member account of this"
                    + " stack, whose account is unknown)"));
    assertThat(own.of(new AccountReach.Where(null, null, Optional.of("123456789012"))))
        .isInstanceOf(AccountReach.Reached.class);
  }

  @Test
  void aReachedMemberAccountIsTagReadAndCheckedThroughItsOwnReaders() throws Exception {
    List<String> memberTagReads = new ArrayList<>();
    ports.tagReader =
        arn -> {
          tagReads.add(arn);
          return ports.tags;
        };
    ports.reach =
        where ->
            new AccountReach.Reached(
                Optional.of(
                    arn -> {
                      memberTagReads.add(arn);
                      return java.util.Map.of(ModeResolver.TAG, "observe");
                    }),
                (finding, event) -> {
                  checked.add(finding.resource().account());
                  return Optional.empty();
                },
                false);

    JsonNode result = invoke("111122223333");

    assertThat(result.get("mode").asText()).isEqualTo("OBSERVE");
    assertThat(memberTagReads).singleElement().asString().contains(":111122223333:service/");
    assertThat(tagReads).as("never the stack's own tag reader").isEmpty();
    assertThat(checked).containsExactly("111122223333");
    assertThat(ports.sent.getFirst().notes()).isEmpty();
  }

  @Test
  void anAccountsModeReplacesTheTemplateModeAndTheServiceTagStillWins() {
    java.util.Map<String, String> tags = new java.util.HashMap<>();
    ModeResolver modes =
        new ModeResolver(
            io.ecsmedic.model.Mode.PROPOSE,
            TriageSettings.accountModes("111111111111=OBSERVE, 222222222222=AUTO"),
            arn -> tags,
            java.time.Duration.ofMinutes(5),
            Ports.CLOCK);

    assertThat(modes.modeFor(ref("111111111111", "prod-svc")).mode())
        .isEqualTo(io.ecsmedic.model.Mode.OBSERVE);
    assertThat(modes.modeFor(ref("222222222222", "dev-svc")).mode())
        .isEqualTo(io.ecsmedic.model.Mode.AUTO);
    assertThat(modes.modeFor(ref("123456789012", "svc")).mode())
        .isEqualTo(io.ecsmedic.model.Mode.PROPOSE);
    tags.put(ModeResolver.TAG, "propose");
    assertThat(modes.modeFor(ref("222222222222", "tagged-svc")).mode())
        .isEqualTo(io.ecsmedic.model.Mode.PROPOSE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TriageSettings.accountModes("111111111111=OFF"))
        .hasMessageContaining("not OFF");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TriageSettings.accountModes("prod=AUTO"))
        .hasMessageContaining("'prod=AUTO' is not <12-digit account>=<mode>");
  }

  private static io.ecsmedic.model.ResourceRef ref(String account, String service) {
    return io.ecsmedic.model.ResourceRef.service(account, "us-east-1", "prod", service);
  }
}
