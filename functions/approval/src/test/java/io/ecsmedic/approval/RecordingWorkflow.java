package io.ecsmedic.approval;

import io.ecsmedic.aws.approval.Workflow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the workflow was told; can answer as Step Functions does when nobody waits. */
final class RecordingWorkflow implements Workflow {
  record Call(String kind, String taskToken, String output, String error, String cause) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Thrown by the next calls instead of recording them; null answers normally. */
  volatile RuntimeException failWith;

  @Override
  public void succeed(String taskToken, String outputJson) {
    answer();
    calls.add(new Call("success", taskToken, outputJson, null, null));
  }

  @Override
  public void fail(String taskToken, String error, String cause) {
    answer();
    calls.add(new Call("failure", taskToken, null, error, cause));
  }

  private void answer() {
    RuntimeException e = failWith;
    if (e != null) {
      throw e;
    }
  }

  List<Call> of(String kind) {
    return calls.stream().filter(c -> c.kind().equals(kind)).toList();
  }
}
