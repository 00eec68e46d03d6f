package io.ecsmedic.posture;

import java.util.List;
import java.util.Map;

/**
 * What the posture scan read about one service, gathered by {@code PostureCollector} (or built by
 * hand in tests). Every field may be null: a null is "could not be read", and the rules that need
 * it say UNKNOWN. "Absent" is an empty list or an explicit value, never null.
 *
 * @param cluster the cluster's name
 * @param service the service's name
 * @param tags the service's tags (mute tags live here); null when unread
 * @param launchType FARGATE, EC2, EXTERNAL; null when the service uses a capacity provider strategy
 * @param capacityProviders the service's capacity provider strategy; empty when it has a launch
 *     type
 * @param platformVersion the service's Fargate platform version ({@code LATEST}, {@code 1.4.0})
 * @param desiredCount the service's desired count
 * @param minimumHealthyPercent the deployment configuration's minimum healthy percent
 * @param maximumPercent the deployment configuration's maximum percent
 * @param circuitBreaker the deployment circuit breaker, {@link CircuitBreaker#OFF} when unset
 * @param healthCheckGracePeriodSeconds the service's grace period (0 when unset)
 * @param targetGroups the target groups the service registers with; empty when none
 * @param execEnabled the service's {@code enableExecuteCommand}
 * @param taskDefinition the service's task definition; null when it could not be read
 * @param accountLogDriverMode the account setting {@code defaultLogDriverMode} ({@code blocking} or
 *     {@code non-blocking}); null when unread
 * @param roles what IAM says of the task definition's roles, by role ARN; a role missing from the
 *     map was not read
 */
public record PostureFacts(
    String cluster,
    String service,
    Map<String, String> tags,
    String launchType,
    List<ProviderShare> capacityProviders,
    String platformVersion,
    Integer desiredCount,
    Integer minimumHealthyPercent,
    Integer maximumPercent,
    CircuitBreaker circuitBreaker,
    Integer healthCheckGracePeriodSeconds,
    List<TargetGroup> targetGroups,
    Boolean execEnabled,
    TaskDefinition taskDefinition,
    String accountLogDriverMode,
    Map<String, Role> roles) {

  /** One entry of a capacity provider strategy. */
  public record ProviderShare(String provider, int base, int weight) {}

  /** The deployment circuit breaker; null fields were not read. */
  public record CircuitBreaker(Boolean enable, Boolean rollback) {
    public static final CircuitBreaker OFF = new CircuitBreaker(false, false);
  }

  /**
   * A target group the service is behind.
   *
   * @param deregistrationDelaySeconds its {@code deregistration_delay.timeout_seconds}; null when
   *     its attributes could not be read
   * @param longestResponseSeconds the longest response seen (CloudWatch TargetResponseTime
   *     Maximum); null when not known
   */
  public record TargetGroup(
      String arn, Integer deregistrationDelaySeconds, Double longestResponseSeconds) {
    public String name() {
      String[] parts = arn.split("/");
      return parts.length >= 2 ? parts[1] : arn;
    }
  }

  /**
   * A task definition, as the rules care about it.
   *
   * @param arn {@code arn:…:task-definition/family:revision}
   * @param requiresCompatibilities FARGATE, EC2, …
   * @param cpu task-level cpu units; null when unset
   * @param memory task-level memory MiB; null when unset
   * @param taskRoleArn null when the task definition has no task role
   * @param executionRoleArn null when it has no execution role
   * @param pidMode {@code task}, {@code host}, or "" when unset
   */
  public record TaskDefinition(
      String arn,
      List<String> requiresCompatibilities,
      Integer cpu,
      Integer memory,
      String taskRoleArn,
      String executionRoleArn,
      String pidMode,
      List<Container> containers) {
    /** {@code family:revision}. */
    public String familyRevision() {
      return arn.substring(arn.lastIndexOf('/') + 1);
    }

    public String family() {
      String fr = familyRevision();
      int colon = fr.lastIndexOf(':');
      return colon < 0 ? fr : fr.substring(0, colon);
    }
  }

  /**
   * One container definition.
   *
   * @param logDriver its log configuration's driver; null when it has none
   * @param logMode its {@code mode} log option; null when unset (the account default applies)
   * @param healthCheck whether it defines a container health check
   * @param dependsOn container name → condition (START, COMPLETE, SUCCESS, HEALTHY)
   * @param startTimeout seconds; null when unset
   * @param stopTimeout seconds; null when unset (30 s on Fargate)
   * @param environment the names of its plain environment variables
   * @param readonlyRootFilesystem its {@code readonlyRootFilesystem}
   */
  public record Container(
      String name,
      boolean essential,
      String image,
      String logDriver,
      String logMode,
      boolean healthCheck,
      Map<String, String> dependsOn,
      Integer startTimeout,
      Integer stopTimeout,
      List<String> environment,
      Boolean readonlyRootFilesystem) {}

  /**
   * An IAM role.
   *
   * @param attachedPolicies the names of its attached managed policies
   * @param wildcardActions inline-policy statements that allow {@code *} or {@code service:*}
   */
  public record Role(String arn, List<String> attachedPolicies, List<String> wildcardActions) {
    public String name() {
      return arn.substring(arn.lastIndexOf('/') + 1);
    }
  }

  /** {@code cluster/service}, for reports. */
  public String key() {
    return cluster + "/" + service;
  }

  /** Whether the service runs on Fargate, by launch type or capacity provider; null when unread. */
  public Boolean fargate() {
    if (launchType != null) {
      return "FARGATE".equals(launchType);
    }
    if (capacityProviders == null) {
      return null;
    }
    if (!capacityProviders.isEmpty()) {
      return capacityProviders.stream().allMatch(p -> p.provider().startsWith("FARGATE"));
    }
    return taskDefinition == null
        ? null
        : taskDefinition.requiresCompatibilities().contains("FARGATE");
  }
}
