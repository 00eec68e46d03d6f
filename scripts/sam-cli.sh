#!/usr/bin/env bash
# Runs the pinned AWS SAM CLI (scripts/sam/requirements.txt) from its own venv, .venv-sam, installing it
# on first use. Only `make deploy` and `make lint` need it; the tests never do.
# Usage: scripts/sam-cli.sh <sam arguments...>
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/.." && pwd -P)"
VENV_DIR="${REPO_ROOT}/.venv-sam"
REQUIREMENTS="${SCRIPT_DIR}/sam/requirements.txt"
STAMP_FILE="${VENV_DIR}/.ecs-medic-pins.sha256"

die() { printf 'sam-cli: ERROR: %s\n' "$*" >&2; exit 1; }

wanted="$(sha256sum "${REQUIREMENTS}" | cut -d' ' -f1)"
if [[ ! -x "${VENV_DIR}/bin/sam" || "$(cat "${STAMP_FILE}" 2>/dev/null)" != "${wanted}" ]]; then
  command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH (Python 3.9+ with venv)."
  printf 'sam-cli: installing %s into %s (first time: a minute or two)\n' \
    "$(grep -E '^[A-Za-z0-9]' "${REQUIREMENTS}" | paste -sd' ' -)" "${VENV_DIR#"${REPO_ROOT}"/}" >&2
  [[ -x "${VENV_DIR}/bin/python" ]] || python3 -m venv "${VENV_DIR}" || die "python3 -m venv failed."
  PIP_DISABLE_PIP_VERSION_CHECK=1 "${VENV_DIR}/bin/python" -m pip install --quiet -r "${REQUIREMENTS}" \
    || die "pip install failed (is PyPI reachable?)"
  printf '%s\n' "${wanted}" > "${STAMP_FILE}"
fi

cd "${REPO_ROOT}"
# No telemetry from a tool run on people's machines and in CI.
export SAM_CLI_TELEMETRY="${SAM_CLI_TELEMETRY:-0}"
exec "${VENV_DIR}/bin/sam" "$@"
