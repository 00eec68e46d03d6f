package io.ecsmedic.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ecsmedic.json.Json;
import io.ecsmedic.workflow.RemediationAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a concrete action: the SHA-256 of its type and parameters. The Plan step stores
 * it with the plan, and Apply claims the plan only for an action with the same digest, so an action
 * altered on its way from Plan to Apply (an edited state, a direct invoke) is refused.
 */
final class ActionDigest {
  private ActionDigest() {}

  /** The hex digest of the action's type and parameters (its record components, in order). */
  static String of(RemediationAction action) {
    try {
      String canonical = action.type() + ":" + Json.MAPPER.writeValueAsString(action);
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest " + action.type(), e);
    }
  }

  /**
   * The change an action makes, as one proposal may be open for it: {@code
   * <cluster>/<service>#<ACTION>#<first 16 hex digits of its digest>}. Two incidents that would
   * propose the same concrete change (say, the same rollback of the same service) share it.
   */
  static String change(RemediationAction action) {
    return action.cluster()
        + "/"
        + action.service()
        + "#"
        + action.type()
        + "#"
        + of(action).substring(0, 16);
  }
}
