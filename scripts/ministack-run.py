"""Starts the pinned MiniStack (scripts/local-aws.sh start) with two emulator gaps filled.

MiniStack 1.5.33 ignores a Task state's TimeoutSecondsPath: a .waitForTaskToken task without a
literal TimeoutSeconds waits 99,999 s. AWS resolves the path against the state's input (after
InputPath) and times the task out after that many seconds (States.Timeout). The state machines in
statemachines/ read the approval timeout that way, so the end-to-end tests can only prove it if the
emulator does the same. This wrapper resolves the path and hands MiniStack the state with the
literal TimeoutSeconds it already honours; nothing else changes. See docs/local-stack.md (emulator
gaps). Delete it once MiniStack supports TimeoutSecondsPath.

Under AUTH=true MiniStack 1.5.33 authorizes an ECS request on the cluster, task definition or
service its body names, and on "*" when it names none. Two calls ecs-medic's roles make name none
of those: ListTagsForResource (AWS authorizes it on the resourceArn it names) and
RegisterTaskDefinition (AWS: the task definition family). A policy scoped like AWS's, e.g.
service/*, would be refused locally and only "*" would pass; the resource below is the one AWS
checks, so template.yaml's scoped grants are exercised as written (docs/iam.md). Delete it once
MiniStack reads these resources itself.
"""

import json
import sys

from ministack.app import main
from ministack.core import iam_actions
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

_extract_resource_arn = iam_actions.extract_resource_arn


def _extract_resource_arn_of_ecs_calls(service, method, path, headers, body, query_params, region, account_id):
    resource = _extract_resource_arn(service, method, path, headers, body, query_params, region, account_id)
    if service != "ecs" or resource != "*":
        return resource
    try:
        request = json.loads(body or b"{}")
    except ValueError:
        return resource
    if not isinstance(request, dict):
        return resource
    target = headers.get("x-amz-target", "")
    if isinstance(request.get("resourceArn"), str):
        return request["resourceArn"]
    if target.endswith(".RegisterTaskDefinition") and isinstance(request.get("family"), str):
        return f"arn:aws:ecs:{region}:{account_id}:task-definition/{request['family']}"
    return resource


iam_actions.extract_resource_arn = _extract_resource_arn_of_ecs_calls

if __name__ == "__main__":
    sys.exit(main())
