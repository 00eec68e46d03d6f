package io.ecsmedic.rollback;

/**
 * The revision a rollback of a service returns to, or why there is none.
 *
 * @param taskDefinition the target as the source named it (an ARN from ECS); null when none
 * @param why for a person: where the target comes from, or why nothing qualifies
 */
public record RollbackTarget(String taskDefinition, String why) {

  static RollbackTarget to(String taskDefinition, String why) {
    return new RollbackTarget(taskDefinition, why);
  }

  static RollbackTarget none(String why) {
    return new RollbackTarget(null, why);
  }

  /** Whether there is a revision to roll back to. */
  public boolean known() {
    return taskDefinition != null;
  }
}
