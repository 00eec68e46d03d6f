"""Starts the pinned MiniStack (scripts/local-aws.sh start) with one emulator gap filled.

MiniStack 1.5.33 ignores a Task state's TimeoutSecondsPath: a .waitForTaskToken task without a
literal TimeoutSeconds waits 99,999 s. AWS resolves the path against the state's input (after
InputPath) and times the task out after that many seconds (States.Timeout). The state machines in
statemachines/ read the approval timeout that way, so the end-to-end tests can only prove it if the
emulator does the same. This wrapper resolves the path and hands MiniStack the state with the
literal TimeoutSeconds it already honours; nothing else changes. See docs/local-stack.md (emulator
gaps). Delete it once MiniStack supports TimeoutSecondsPath.
"""

import sys

from ministack.app import main
from ministack.services import stepfunctions as sfn

_execute_task = sfn._execute_task


def _execute_task_with_timeout_path(state_def, raw_input, execution, ctx):
    path = state_def.get("TimeoutSecondsPath")
    if path is not None and "TimeoutSeconds" not in state_def:
        seconds = sfn._resolve_path(path, sfn._apply_input_path(state_def, raw_input, ctx))
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 1:
            raise sfn._ExecutionError(
                "States.Runtime",
                f"TimeoutSecondsPath {path} must select a positive integer, found {seconds!r}",
            )
        state_def = {**state_def, "TimeoutSeconds": seconds}
    return _execute_task(state_def, raw_input, execution, ctx)


sfn._execute_task = _execute_task_with_timeout_path

if __name__ == "__main__":
    sys.exit(main())
