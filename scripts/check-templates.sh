#!/usr/bin/env bash
# Static checks of the deployable definitions, no AWS account and no emulator needed:
#   - template.yaml and member/template.yaml with cfn-lint (from the project venv made by `scripts/local-aws.sh install`)
#   - every statemachines/*.asl.json with asl-validator (npm, pinned in package.json / package-lock.json)
# Runs from any directory; exits non-zero on the first failing check.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${REPO_ROOT}"

CFN_LINT="${REPO_ROOT}/.venv-aws/bin/cfn-lint"
ASL_VALIDATOR="${REPO_ROOT}/node_modules/.bin/asl-validator"

die() {
  printf 'check-templates: %s\n' "$*" >&2
  exit 1
}

# --- CloudFormation / SAM ---------------------------------------------------------------------------
[[ -x "${CFN_LINT}" ]] \
  || die "cfn-lint not found at ${CFN_LINT#"${REPO_ROOT}"/}; run 'scripts/local-aws.sh install' first."

printf 'check-templates: cfn-lint template.yaml (us-east-1) ... '
# cfn-lint exits non-zero on errors and on warnings (2/4/6...); both fail the check.
if ! out="$("${CFN_LINT}" -t template.yaml --regions us-east-1 2>&1)"; then
  printf 'FAILED\n%s\n' "${out}" >&2
  exit 1
fi
printf 'ok\n'

printf 'check-templates: cfn-lint member/template.yaml (us-east-1) ... '
if ! out="$("${CFN_LINT}" -t member/template.yaml --regions us-east-1 2>&1)"; then
  printf 'FAILED\n%s\n' "${out}" >&2
  exit 1
fi
printf 'ok\n'

# --- Step Functions ---------------------------------------------------------------------------------
command -v npm >/dev/null 2>&1 || die "npm not found on PATH; install Node.js (20 or newer) to validate the ASL files."
if [[ ! -x "${ASL_VALIDATOR}" ]]; then
  printf 'check-templates: node_modules/.bin/asl-validator missing; running npm ci\n'
  npm ci --no-audit --no-fund || die "npm ci failed."
fi

shopt -s nullglob
asl_files=(statemachines/*.asl.json)
shopt -u nullglob
((${#asl_files[@]} > 0)) || die "no statemachines/*.asl.json found."

for asl in "${asl_files[@]}"; do
  printf 'check-templates: asl-validator %s ... ' "${asl}"
  # The files are plain JSON: their ${...} DefinitionSubstitutions placeholders all sit inside strings.
  if ! out="$(npx --no-install asl-validator --json-path "${asl}" 2>&1)"; then
    printf 'FAILED\n%s\n' "${out}" >&2
    exit 1
  fi
  printf 'ok\n'
done

printf 'check-templates: all checks passed\n'
