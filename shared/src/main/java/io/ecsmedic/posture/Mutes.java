package io.ecsmedic.posture;

import java.util.Map;

/**
 * Mute tags: a service tagged {@code ecs-medic:mute:<rule id>} with a reason as the value has that
 * rule reported as MUTED with the reason, instead of FAIL. A tag is the mute's audit trail (who set
 * it is in CloudTrail's TagResource) and the stored report keeps the reason.
 */
public final class Mutes {
  public static final String PREFIX = "ecs-medic:mute:";

  private Mutes() {}

  /** Applies the service's mute tags to one verdict; unread tags mute nothing. */
  static RuleResult apply(RuleResult result, Map<String, String> tags) {
    if (tags == null) {
      return result;
    }
    String reason = tags.get(PREFIX + result.rule());
    if (reason == null) {
      return result;
    }
    return result.muted(reason.isBlank() ? "(no reason given)" : reason);
  }
}
