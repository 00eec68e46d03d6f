package io.ecsmedic.model;

/**
 * The typed remediation actions (docs/remediation.md, "The actions"). Risk and reversibility are
 * properties of the action, not of the signature that proposes it, so they are reviewed here once.
 *
 * <p>{@link #MANUAL} is a proposal only a human can apply (an IAM policy, a VPC endpoint, a code
 * change); it carries the exact snippet and is never executed by ecs-medic.
 */
public enum ActionType {
  FORCE_NEW_DEPLOYMENT(Risk.LOW, true, "Force a new deployment of the service"),
  ENABLE_EXECUTE_COMMAND(
      Risk.LOW, true, "Enable ECS Exec on the service and roll the tasks (new deployment)"),
  RAISE_MEMORY(
      Risk.MEDIUM, true, "Register a task-definition revision with the next valid memory size"),
  SET_DEREGISTRATION_DELAY(Risk.LOW, true, "Lower the target group's deregistration delay"),
  SET_HEALTH_CHECK_GRACE_PERIOD(
      Risk.LOW, true, "Give new tasks a load-balancer health-check grace period"),
  ENABLE_CIRCUIT_BREAKER_ROLLBACK(
      Risk.LOW, true, "Turn on the deployment circuit breaker with rollback"),
  ROLLBACK_TASK_DEFINITION(
      Risk.MEDIUM, true, "Roll the service back to its previous task-definition revision"),
  CREATE_LOG_GROUP(Risk.LOW, false, "Create the missing CloudWatch Logs log group"),
  ECR_PUT_LIFECYCLE_POLICY(
      Risk.MEDIUM, true, "Put an ECR lifecycle policy (after a preview of what it expires)"),
  ECR_DELETE_IMAGES(Risk.HIGH, false, "Delete unused ECR images (approval only)"),
  MANUAL(Risk.MEDIUM, true, "Apply by hand");

  private final Risk risk;
  private final boolean reversible;
  private final String title;

  ActionType(Risk risk, boolean reversible, String title) {
    this.risk = risk;
    this.reversible = reversible;
    this.title = title;
  }

  public Risk risk() {
    return risk;
  }

  public boolean reversible() {
    return reversible;
  }

  public String title() {
    return title;
  }

  /** Whether the remediation workflow can apply it; MANUAL proposals are for a human. */
  public boolean automatable() {
    return this != MANUAL;
  }
}
