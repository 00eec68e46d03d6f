#!/bin/sh
# The `aws` CLI against the local emulator, for amazon-ecs-exec-checker (which honours AWS_CLI_BIN):
# every call gets --endpoint-url "$AWS_ENDPOINT_URL", and the three fields the emulator leaves out
# of its answers are filled in as a healthy Fargate task in the task's own subnet would report
# them, so the checker walks the same path it walks on AWS:
#   - describe-tasks: each container's ExecuteCommandAgent (managedAgents, RUNNING) and the task's
#     ElasticNetworkInterface attachment naming the subnet the task was started in;
#   - describe-task-definition: `environment: []` on every container definition.
# Used by scripts/bench-exec-checker.sh only; AWS_CLI picks the aws binary (default: aws on PATH).
set -eu
aws=${AWS_CLI:-aws}
case "$*" in
  *"ecs describe-tasks"*)
    out=$("$aws" --endpoint-url "$AWS_ENDPOINT_URL" "$@")
    subnet=${EXEC_BENCH_SUBNET:-}
    printf '%s\n' "$out" | jq --arg subnet "$subnet" '
      .tasks |= map(
        .containers |= map(.managedAgents //= [{"name": "ExecuteCommandAgent", "lastStatus": "RUNNING"}])
        | .attachments = (if (.attachments // []) == [] then
            [{"type": "ElasticNetworkInterface", "status": "ATTACHED",
              "details": [{"name": "subnetId", "value": $subnet}]}]
          else .attachments end))'
    ;;
  *"ecs describe-task-definition"*)
    "$aws" --endpoint-url "$AWS_ENDPOINT_URL" "$@" \
      | jq '.taskDefinition.containerDefinitions |= map(.environment //= [])'
    ;;
  *) exec "$aws" --endpoint-url "$AWS_ENDPOINT_URL" "$@" ;;
esac
