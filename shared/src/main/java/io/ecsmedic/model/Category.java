package io.ecsmedic.model;

import java.util.List;
import java.util.Set;

/**
 * The failure taxonomy of docs/taxonomy.md. The names are a contract: CLI output, ASL Choice
 * states, metric dimensions and runbook file names use them verbatim, so never rename one.
 *
 * <p>Each category lists the sub-causes a signature may name; the catalogue loader rejects any
 * other.
 */
public enum Category {
  IMAGE_PULL(
      "AUTH_PERMISSION",
      "IMAGE_NOT_FOUND",
      "NETWORK_PATH",
      "LAYER_DOWNLOAD",
      "RATE_LIMIT",
      "PLATFORM_MISMATCH",
      "DISK_FULL",
      "REGISTRY_TIMEOUT",
      "OTHER"),
  SECRETS_INIT(
      "NETWORK_PATH", "NOT_FOUND", "ACCESS_DENIED", "KMS_DENIED", "MALFORMED_REFERENCE", "OTHER"),
  LOG_INIT("LOG_GROUP_MISSING", "ACCESS_DENIED", "NETWORK_PATH", "BAD_OPTIONS", "OTHER"),
  OOM(
      "CONTAINER_LIMIT",
      "TASK_LIMIT",
      "JVM_HEAP_VS_LIMIT",
      "JVM_HEAP",
      "JVM_METASPACE",
      "JVM_DIRECT_MEMORY"),
  EXIT_137_NON_OOM("SIGTERM_IGNORED", "STOP_TIMEOUT", "SIGKILL"),
  APP_EXIT(
      "EXIT_1",
      "EXIT_127_NOT_FOUND",
      "EXIT_139_SEGFAULT",
      "EXIT_143_SIGTERM",
      "OTHER",
      "PORT_IN_USE",
      "FAILED_START",
      "MISSING_MODULE",
      "DEPENDENCY_REFUSED",
      "DNS_FAILURE",
      "EXECUTION_ROLE_USED",
      "AWS_ACCESS_DENIED",
      "MISSING_CONFIG",
      "MISSING_FILE"),
  HEALTH_CHECK_CONTAINER("CONTAINER_UNHEALTHY"),
  ELB_HEALTH_CHECK(
      "PORT_MISMATCH",
      "SECURITY_GROUP",
      "PATH_OR_MATCHER",
      "TIMEOUT",
      "GRACE_PERIOD",
      "DEREGISTRATION_DELAY",
      "KEEPALIVE",
      "FAILED_HEALTH_CHECKS",
      "TARGET_GROUP_MISSING",
      "ALB_5XX",
      "UNHEALTHY_HOSTS"),
  CANNOT_START("BAD_ENTRYPOINT", "EXEC_FORMAT", "RUNTIME_ERROR", "VOLUME"),
  CAPACITY_PLACEMENT(
      "RESOURCE_MEMORY",
      "RESOURCE_CPU",
      "ENI_LIMIT",
      "SUBNET_IPS",
      "NO_INSTANCES",
      "FARGATE_CAPACITY",
      "QUOTA",
      "PORT_CONFLICT",
      "CONSTRAINT",
      "THROTTLED",
      "OTHER"),
  NETWORK_CONFIG("ENI_TIMEOUT", "ENI_SETUP", "UNSUPPORTED_AZ", "OTHER"),
  SPOT_INTERRUPTION("INTERRUPTED", "TERMINATION_NOTICE"),
  EXPECTED_STOP("SCALING", "DEPLOYMENT", "USER", "MAINTENANCE", "INFO"),
  DEPLOYMENT_FAILED("CIRCUIT_BREAKER", "ROLLBACK", "STUCK"),
  ECS_EXEC(
      "NOT_ENABLED",
      "AGENT_NOT_CONNECTED",
      "TASK_ROLE_PERMISSIONS",
      "CALLER_PERMISSIONS",
      "SSMMESSAGES_ENDPOINT",
      "PLATFORM_VERSION",
      "NO_SHELL",
      "CLIENT_PLUGIN"),
  TASK_DEFINITION_INVALID("FARGATE_CPU_MEMORY", "NETWORK_MODE", "ROLE", "OTHER"),
  UNKNOWN("UNMATCHED");

  private final List<String> subcauses;

  Category(String... subcauses) {
    this.subcauses = List.of(subcauses);
  }

  /** The sub-causes this category allows, in documentation order. */
  public List<String> subcauses() {
    return subcauses;
  }

  public boolean allows(String subcause) {
    return subcauses.contains(subcause);
  }

  private static final Set<Category> NOT_PAGED = Set.of(EXPECTED_STOP, SPOT_INTERRUPTION);

  /**
   * EXPECTED_STOP and SPOT_INTERRUPTION are labelled and recorded, never paged
   * (docs/architecture.md, "Noise control").
   */
  public boolean pages() {
    return !NOT_PAGED.contains(this);
  }
}
