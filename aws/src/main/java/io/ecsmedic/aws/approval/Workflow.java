package io.ecsmedic.aws.approval;

/** The remediation workflow's waiting task, released through its task token. */
public interface Workflow {
  /** SendTaskSuccess. */
  void succeed(String taskToken, String outputJson);

  /** SendTaskFailure. */
  void fail(String taskToken, String error, String cause);

  /**
   * Step Functions does not wait for this token any more (TaskTimedOut, TaskDoesNotExist,
   * InvalidToken): the approval window has closed, whatever the approval item says.
   */
  public final class WindowClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WindowClosedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
