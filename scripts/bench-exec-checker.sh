#!/usr/bin/env bash
# `ecs-medic exec-check` and amazon-ecs-exec-checker side by side, on one estate seeded in the local
# emulator (make bench-exec-checker; figures in docs/performance.md). Both read the same estate
# through the same endpoint as the same IAM user; each runs RUNS times (default 6), the two
# interleaved, after one warm-up each (which also creates the CLI's class-data-sharing archive).
# Prints each one's wall time, min / median / max, and the ratio of the medians.
#
# Needs: the emulator running at AWS_ENDPOINT_URL (the Makefile starts one), the CLI and local jars
# built, jq, the aws CLI (v1 or v2; AWS_CLI names another binary), and the checker's script, which
# is not part of this repository: CHECKER=/path/to/check-ecs-exec.sh, from
# https://github.com/aws-containers/amazon-ecs-exec-checker. scripts/aws-emulated.sh gives it the
# endpoint and the three fields the emulator leaves out.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL (the Makefile derives it from GATEWAY_PORT)}"
: "${CHECKER:?set CHECKER to check-ecs-exec.sh of amazon-ecs-exec-checker}"
runs=${RUNS:-6}
aws_cli=${AWS_CLI:-aws}
java="$("$root/.mvn/find-jdk.sh")/bin/java"
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=000000000000 AWS_SECRET_ACCESS_KEY=test
aws() { command "$aws_cli" --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }

echo "▶ seeding the estate (resets the emulator)"
read -r cluster task subnet < <("$java" -cp "$root/local/target/classes:$(cat "$root/local/target/classpath.txt")" \
  io.ecsmedic.local.ExecCheckEstate)
# The checker refuses a root caller: both run as an IAM user allowed to exec.
aws iam create-user --user-name exec-bench-oncall >/dev/null
aws iam put-user-policy --user-name exec-bench-oncall --policy-name exec --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:ExecuteCommand","kms:GenerateDataKey"],"Resource":"*"}]}'
keys=$(aws iam create-access-key --user-name exec-bench-oncall)
AWS_ACCESS_KEY_ID=$(jq -r .AccessKey.AccessKeyId <<<"$keys")
AWS_SECRET_ACCESS_KEY=$(jq -r .AccessKey.SecretAccessKey <<<"$keys")
caller="arn:aws:iam::000000000000:user/exec-bench-oncall"
# The cluster's exec KMS key, made as the caller (the emulator keeps keys per access key) so the
# checker can describe it.
key=$(aws kms create-key --query KeyMetadata.Arn --output text)
aws ecs update-cluster --cluster "$cluster" --configuration \
  "executeCommandConfiguration={kmsKeyId=$key,logging=OVERRIDE,logConfiguration={cloudWatchLogGroupName=/exec-bench}}" >/dev/null
echo "  cluster $cluster, task $task, subnet $subnet, caller $caller"

log=$(mktemp -d)/bench-exec-checker
checker() { EXEC_BENCH_SUBNET=$subnet AWS_CLI=$aws_cli AWS_CLI_BIN="$root/scripts/aws-emulated.sh" \
  "$CHECKER" "$cluster" "$task" >"$log-checker.txt" 2>&1 || true; }
medic() { "$root/bin/ecs-medic" exec-check --cluster "$cluster" --task "$task" --caller "$caller" \
  >"$log-medic.txt" 2>&1 || true; }
millis() { date +%s%3N; }

echo "▶ warm-up (one run each; outputs in $log-*.txt)"
checker; medic
declare -a a b
for ((i = 0; i < runs; i++)); do
  t0=$(millis); checker; t1=$(millis); medic; t2=$(millis)
  a+=($((t1 - t0))); b+=($((t2 - t1)))
  printf '  run %d: checker %d ms, exec-check %d ms\n' $((i + 1)) "${a[i]}" "${b[i]}"
done
stats() { sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%d / %d / %d", v[1], m, v[NR]}'; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}'; }
echo "▶ wall ms, min / median / max over $runs runs; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  amazon-ecs-exec-checker  %s\n' "$(printf '%s\n' "${a[@]}" | stats)"
printf '  ecs-medic exec-check     %s\n' "$(printf '%s\n' "${b[@]}" | stats)"
printf '  ratio of medians         %.1f×\n' "$(echo "$(printf '%s\n' "${a[@]}" | median) / $(printf '%s\n' "${b[@]}" | median)" | bc -l)"
