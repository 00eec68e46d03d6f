package io.ecsmedic.approval;

/** The remediation workflow's waiting task, released through its task token. */
interface Workflow {
  /** SendTaskSuccess. */
  void succeed(String taskToken, String outputJson);

  /** SendTaskFailure. */
  void fail(String taskToken, String error, String cause);

  /**
   * Step Functions does not wait for this token any more (TaskTimedOut, TaskDoesNotExist,
   * InvalidToken): the approval window has closed, whatever the approval item says.
   */
  final class WindowClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WindowClosedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
