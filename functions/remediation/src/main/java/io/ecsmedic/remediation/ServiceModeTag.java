package io.ecsmedic.remediation;

import io.ecsmedic.model.Mode;
import io.ecsmedic.workflow.Plan.Decision;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The service's opt-out, read again right before Apply: triage read the tag {@code ecs-medic:mode}
 * when the event arrived, and a proposal may wait an hour. A service tagged {@code off} or {@code
 * observe} since then is not changed; neither is one whose tag cannot be read or names no mode
 * (fail closed). An AUTO plan also needs the tag, if there is one, to still say {@code auto}.
 */
final class ServiceModeTag {
  static final String TAG = "ecs-medic:mode";

  private final EcsClient ecs;

  ServiceModeTag(EcsClient ecs) {
    this.ecs = ecs;
  }

  /** Why the service's mode forbids the plan now; empty when it allows it (or has no tag). */
  Optional<String> refusal(String serviceArn, Decision decision) {
    String value;
    try {
      value =
          ecs.listTagsForResource(r -> r.resourceArn(serviceArn)).tags().stream()
              .filter(t -> TAG.equals(t.key()))
              .map(Tag::value)
              .findFirst()
              .orElse(null);
    } catch (RuntimeException e) {
      return Optional.of(
          "opted out: the service's "
              + TAG
              + " tag could not be read ("
              + e.getClass().getSimpleName()
              + "), so it is treated as off");
    }
    if (value == null) {
      return Optional.empty();
    }
    Mode mode;
    try {
      mode = Mode.parse(value);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          "opted out: the service's " + TAG + " tag '" + value + "' names no mode, treated as off");
    }
    if (!mode.mayPropose()) {
      return Optional.of(
          "opted out: the service's " + TAG + " tag is now " + value.trim() + "; nothing applied");
    }
    if (decision == Decision.AUTO && !mode.mayApplyAlone()) {
      return Optional.of(
          "the service's " + TAG + " tag is now " + value.trim() + ": AUTO may not apply alone");
    }
    return Optional.empty();
  }
}
