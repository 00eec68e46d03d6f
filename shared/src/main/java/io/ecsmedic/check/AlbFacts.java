package io.ecsmedic.check;

import java.util.List;
import java.util.Map;

/**
 * What the ALB 502 / unhealthy-target checklist looks at, gathered from ECS, ELBv2 and EC2 by a
 * collector (or built by hand in tests). Every field may be null: the step that needs it then says
 * UNKNOWN.
 *
 * @param containerPort the port the service registers (its load-balancer container port)
 * @param targetGroupPort the target group's port
 * @param healthCheckPort "traffic-port" or a port number
 * @param stoppedTaskReasons stopped reasons of the service's recent tasks (newest first)
 * @param albSecurityGroups the load balancer's security groups
 * @param taskIngress for each task security group, the groups (or CIDRs) allowed in on the
 *     container port
 * @param healthCheckPath the target group's health-check path
 * @param matcher the success codes, e.g. "200" or "200-399"
 * @param targetStates target health: state (reason) → how many targets
 * @param healthCheckTimeoutSeconds the target group's health-check timeout
 * @param idleTimeoutSeconds the load balancer's idle timeout
 * @param keepAliveTimeoutSeconds the application's keep-alive timeout, when known (not visible to
 *     AWS APIs)
 * @param deregistrationDelaySeconds the target group's deregistration delay
 * @param stopTimeoutSeconds the container's stopTimeout (ECS default 30)
 * @param gracePeriodSeconds the service's healthCheckGracePeriodSeconds
 * @param startupSeconds how long tasks took from start to healthy recently, when known
 * @param target what the fixes act on (cluster, service, target group, load balancer); a part
 *     nobody could read is null and the fix names it as a placeholder
 */
public record AlbFacts(
    Integer containerPort,
    Integer targetGroupPort,
    String healthCheckPort,
    List<String> stoppedTaskReasons,
    List<String> albSecurityGroups,
    Map<String, List<String>> taskIngress,
    String healthCheckPath,
    String matcher,
    Map<String, Integer> targetStates,
    Integer healthCheckTimeoutSeconds,
    Integer idleTimeoutSeconds,
    Integer keepAliveTimeoutSeconds,
    Integer deregistrationDelaySeconds,
    Integer stopTimeoutSeconds,
    Integer gracePeriodSeconds,
    Integer startupSeconds,
    Target target) {

  /** The resources a fix command names; any part may be null. */
  public record Target(
      String cluster, String service, String targetGroupArn, String loadBalancerArn) {
    public static final Target UNKNOWN = new Target(null, null, null, null);
  }
}
