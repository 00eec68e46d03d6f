package io.ecsmedic.change;

import java.time.Instant;

/**
 * The service deployment that introduced the failing revision.
 *
 * @param id as ECS names it ({@code ecs-svc/…}); service tasks carry it as {@code startedBy}
 * @param taskDefinition the revision it deploys
 * @param createdAt when ECS created it
 * @param startedBy who called UpdateService / CreateService (CloudTrail's {@code userIdentity},
 *     shortened to {@code role/…} or {@code user/…}); null when CloudTrail did not say
 * @param rolloutState ECS's rollout state when read (IN_PROGRESS, COMPLETED, FAILED); may be null
 */
public record Deployment(
    String id, String taskDefinition, Instant createdAt, String startedBy, String rolloutState) {

  public Deployment withStartedBy(String identityArn) {
    return new Deployment(
        id, taskDefinition, createdAt, Revisions.principal(identityArn), rolloutState);
  }
}
