package io.ecsmedic.local.iam;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The credentials Lambda would give a deployed function: temporary keys of the function's own
 * execution role, which the local host passes in the handler's environment map as Lambda passes
 * them in the process environment. With the emulator's IAM enforcement on, every call the handler
 * makes is then judged against the policies template.yaml gave that role.
 *
 * <p>The emulator's Lambda proxy forwards no credentials, so the host assumes the role itself with
 * the harness's root keys (root may assume a role whose trust policy names only the Lambda service
 * principal). Each set of keys is attributed to its function for the {@link ActionRecorder}.
 */
public final class FunctionRoles {
  /** Keys asked for; the emulator, like AWS, caps a role session at the role's maximum (1 h). */
  static final Duration SESSION = Duration.ofHours(1);

  /** Keys this close to expiry are renewed before the next invocation (see {@link #stale}). */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

  /** A function's role keys and when they expire. */
  public record RoleKeys(Map<String, String> environment, Instant expiration) {
    /** Whether the keys should be renewed before they are used again. */
    public boolean stale(Instant now) {
      return !now.isBefore(expiration.minus(RENEW_BEFORE));
    }

    @Override
    public String toString() {
      return "RoleKeys[" + environment.get("AWS_ACCESS_KEY_ID") + ", until " + expiration + "]";
    }
  }

  private final StsClient sts;

  /**
   * @param sts a client with the emulator's root keys
   */
  public FunctionRoles(StsClient sts) {
    this.sts = sts;
  }

  /** Assumes {@code roleArn} for {@code function}; the keys as Lambda's environment names them. */
  public RoleKeys assume(String function, String roleArn) {
    Credentials c =
        sts.assumeRole(
                r ->
                    r.roleArn(roleArn)
                        .roleSessionName(sessionName(function))
                        .durationSeconds((int) SESSION.toSeconds()))
            .credentials();
    ActionRecorder.attribute(c.accessKeyId(), function);
    return new RoleKeys(
        Map.of(
            "AWS_ACCESS_KEY_ID", c.accessKeyId(),
            "AWS_SECRET_ACCESS_KEY", c.secretAccessKey(),
            "AWS_SESSION_TOKEN", c.sessionToken()),
        c.expiration());
  }

  /** Lambda names the session after the function; STS allows 64 characters of [\w+=,.@-]. */
  static String sessionName(String function) {
    String name = function.replaceAll("[^\\w+=,.@-]", "-");
    return name.length() <= 64 ? name : name.substring(0, 64);
  }
}
