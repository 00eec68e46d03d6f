package io.ecsmedic.aws.approval;

import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Releases the workflow's {@code .waitForTaskToken} task. The three answers that mean "nobody waits
 * for this token" become {@link Workflow.WindowClosedException}; anything else (throttling, a
 * network error) propagates, and the decision is given back.
 */
public final class StepFunctionsWorkflow implements Workflow {
  /** Matched by code too, for endpoints (emulators) whose errors the SDK does not map to a type. */
  private static final Set<String> CLOSED =
      Set.of("TaskTimedOut", "TaskDoesNotExist", "InvalidToken");

  private final SfnClient sfn;

  public StepFunctionsWorkflow(SfnClient sfn) {
    this.sfn = sfn;
  }

  @Override
  public void succeed(String taskToken, String outputJson) {
    try {
      sfn.sendTaskSuccess(r -> r.taskToken(taskToken).output(outputJson));
    } catch (SfnException e) {
      throw closedOr(e);
    }
  }

  @Override
  public void fail(String taskToken, String error, String cause) {
    try {
      sfn.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause));
    } catch (SfnException e) {
      throw closedOr(e);
    }
  }

  private static RuntimeException closedOr(SfnException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if (e instanceof TaskTimedOutException
        || e instanceof TaskDoesNotExistException
        || e instanceof InvalidTokenException
        || (code != null && CLOSED.contains(code))) {
      return new WindowClosedException("Step Functions answered " + code, e);
    }
    return e;
  }
}
