package io.ecsmedic.triage;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Service tags through ECS ListTagsForResource. A failed read throws: {@link ModeResolver} must
 * tell "no tag" from "could not look", because only the first may fall back to the template's mode.
 */
final class EcsServiceTags implements ModeResolver.ServiceTags {
  private final EcsClient ecs;

  EcsServiceTags(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public Map<String, String> tagsOf(String serviceArn) {
    Map<String, String> out = new HashMap<>();
    ecs.listTagsForResource(r -> r.resourceArn(serviceArn))
        .tags()
        .forEach(t -> out.put(t.key(), t.value()));
    return out;
  }
}
