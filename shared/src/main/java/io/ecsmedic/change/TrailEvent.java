package io.ecsmedic.change;

import java.time.Instant;

/**
 * One CloudTrail management event in the window before the failure that touched something the task
 * depends on.
 *
 * @param name the API call ({@code PutSecretValue}, {@code AuthorizeSecurityGroupIngress} …)
 * @param principal who called it, shortened ({@code role/ci-deployer}); null when unknown
 * @param resource what it touched, as the task names it (a secret ARN, a group id, a repository)
 * @param why why it matters to this task ("secret DB_PASSWORD of the task")
 */
public record TrailEvent(Instant at, String name, String principal, String resource, String why) {

  /** Whether it edited one of the task's secrets or parameters. */
  public boolean editsSecret() {
    return why.startsWith("secret ") || why.startsWith("parameter ");
  }
}
