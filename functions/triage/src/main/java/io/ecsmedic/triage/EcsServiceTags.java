package io.ecsmedic.triage;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Service tags through ECS ListTagsForResource; a service that cannot be read has no tags. */
final class EcsServiceTags implements ModeResolver.ServiceTags {
  private static final Logger LOG = LoggerFactory.getLogger(EcsServiceTags.class);
  private final EcsClient ecs;

  EcsServiceTags(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public Map<String, String> tagsOf(String serviceArn) {
    try {
      Map<String, String> out = new HashMap<>();
      ecs.listTagsForResource(r -> r.resourceArn(serviceArn))
          .tags()
          .forEach(t -> out.put(t.key(), t.value()));
      return out;
    } catch (SdkException e) {
      // A deleted service, another account's service or a missing permission: use the default.
      LOG.info("no tags for {}: {}", serviceArn, e.getMessage());
      return Map.of();
    }
  }
}
