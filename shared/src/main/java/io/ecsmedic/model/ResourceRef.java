package io.ecsmedic.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the input is about, as far as the input itself says. Every field may be null: a pasted
 * message rarely names an account. Used for fingerprints, commands in proposed fixes, and messages.
 */
public record ResourceRef(
    String account,
    String region,
    String cluster,
    String service,
    String task,
    String taskDefinition,
    String container,
    String cpu,
    String memory,
    String launchType,
    String targetGroup,
    String loadBalancer) {

  /** A service, as deployment and service events name it. */
  public static ResourceRef service(String account, String region, String cluster, String service) {
    return new ResourceRef(
        account, region, cluster, service, null, null, null, null, null, null, null, null);
  }

  /** A load balancer's target group, as ALB alarms name it. */
  public static ResourceRef targetGroup(
      String account, String region, String targetGroup, String loadBalancer) {
    return new ResourceRef(
        account, region, null, null, null, null, null, null, null, null, targetGroup, loadBalancer);
  }

  /** The same reference placed in a service (one a checker found behind a target group or task). */
  public ResourceRef inService(String cluster, String service) {
    return new ResourceRef(
        account,
        region,
        cluster,
        service,
        task,
        taskDefinition,
        container,
        cpu,
        memory,
        launchType,
        targetGroup,
        loadBalancer);
  }

  /** The non-null fields in a stable order, for JSON output. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "account", account);
    put(m, "region", region);
    put(m, "cluster", cluster);
    put(m, "service", service);
    put(m, "task", task);
    put(m, "taskDefinition", taskDefinition);
    put(m, "container", container);
    put(m, "cpu", cpu);
    put(m, "memory", memory);
    put(m, "launchType", launchType);
    put(m, "targetGroup", targetGroup);
    put(m, "loadBalancer", loadBalancer);
    return m;
  }

  private static void put(Map<String, String> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
  }
}
