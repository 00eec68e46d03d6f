package io.ecsmedic.aws.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** The rules SNS imposes on what the alert topic publishes (the publish itself is tested e2e). */
class AlertTopicTest {

  @Test
  void aSubjectIsPrintableAsciiOnOneLineOfAtMost100Characters() {
    assertThat(AlertTopic.subject("[ecs-medic] OOM on api")).isEqualTo("[ecs-medic] OOM on api");
    assertThat(AlertTopic.subject("line\nbreak → arrow\t")).isEqualTo("line?break ? arrow?");
    String clipped = AlertTopic.subject("x".repeat(150));
    assertThat(clipped).hasSize(100).endsWith("x~");
    assertThat(AlertTopic.subject("y".repeat(100))).isEqualTo("y".repeat(100));
  }

  @Test
  void kindComesFirstAndTheAttributesStopAtSnsLimitOfTen() {
    Map<String, String> more = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      more.put("a" + i, "v" + i);
    }
    more.put("kind", "not-this-one");

    Map<String, MessageAttributeValue> attributes =
        AlertTopic.attributes(AlertTopic.Kind.ALERT, more);

    assertThat(attributes).hasSize(10);
    assertThat(attributes.keySet()).first().isEqualTo("kind");
    assertThat(attributes.get("kind").stringValue()).isEqualTo("alert");
    assertThat(attributes.keySet()).contains("a0", "a8").doesNotContain("a9");
    assertThat(attributes.values()).allSatisfy(v -> assertThat(v.dataType()).isEqualTo("String"));
  }

  @Test
  void everyKindHasTheValueSubscriptionsFilterOn() {
    assertThat(AlertTopic.Kind.values())
        .extracting(k -> k.value)
        .containsExactly(
            "alert",
            "digest",
            "proposal",
            "remediation",
            "ecr-hygiene",
            "ecr-cleanup-proposal",
            "ecr-cleanup",
            "posture-scan");
    assertThat(AlertTopic.Kind.of("proposal")).isEqualTo(AlertTopic.Kind.PROPOSAL);
    assertThatThrownBy(() -> AlertTopic.Kind.of("page")).hasMessageContaining("page");
  }
}
