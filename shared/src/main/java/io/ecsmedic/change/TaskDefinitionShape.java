package io.ecsmedic.change;

import java.util.List;

/**
 * What "what changed" compares of one task-definition revision: its task-level size and roles and
 * its containers. Built by the collector from {@code DescribeTaskDefinition}; pure data here, so
 * the diff is tested without AWS.
 *
 * @param arn the revision's ARN
 * @param cpu task-level CPU units as ECS writes them ("256"); null when unset
 * @param memory task-level memory in MiB as ECS writes it ("512"); null when unset
 */
public record TaskDefinitionShape(
    String arn,
    String cpu,
    String memory,
    String taskRoleArn,
    String executionRoleArn,
    List<ContainerShape> containers) {

  public TaskDefinitionShape {
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  /** {@code family:revision}, the short name people use; the ARN when it has no such tail. */
  public String revision() {
    return Revisions.shortName(arn);
  }
}
