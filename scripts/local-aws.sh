#!/usr/bin/env bash
# Control script for the local AWS stack (MiniStack) used by ecs-medic's end-to-end tests.
# See docs/local-stack.md. Usage: scripts/local-aws.sh {install|start|stop|status|reset|endpoint|env}
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/.." && pwd -P)"
VENV_DIR="${REPO_ROOT}/.venv-aws"
STAMP_FILE="${VENV_DIR}/.ecs-medic-pins.sha256"
CONSTRAINTS_FILE="${SCRIPT_DIR}/local-aws-constraints.txt"

# The one place a local run's endpoint comes from: GATEWAY_PORT. AWS_ENDPOINT_URL is ignored here, so a
# value left in the shell never sends a run to another emulator; `env` prints the derived one.
PORT="${GATEWAY_PORT:-4566}"
HOST="127.0.0.1"
REGION="us-east-1"
ACCOUNT_ID="000000000000"
ENDPOINT="http://${HOST}:${PORT}"

# One emulator per port: its state file (pid=, port=) and log. stop, reset and status act only on the
# emulator recorded for GATEWAY_PORT, so two checkouts or two ports never stop or wipe each other's.
STATE_DIR="${REPO_ROOT}/.local"
LOG_FILE="${STATE_DIR}/ministack-${PORT}.log"
STATE_FILE="${STATE_DIR}/ministack-${PORT}.state"
START_TIMEOUT_S="${MINISTACK_START_TIMEOUT:-30}"
# IAM enforcement (docs/iam.md): every call signed with a role's keys is judged against the role's
# policies. Root keys (a 12-digit access key id, or "test") are allowed everything and not
# signature-checked. MINISTACK_AUTH=false turns it off for a debugging session only.
AUTH_ENABLED="${MINISTACK_AUTH:-true}"
STOP_TIMEOUT_S=15

# Exact pins, in local-aws/requirements.txt (Dependabot's pip ecosystem watches it). They resolve
# together (pip check clean); transitive versions are frozen in local-aws-constraints.txt. Upgrade
# deliberately, then re-run the checks in docs/local-stack.md ("Verified against ministack ...").
mapfile -t PINS < <(grep -E '^[A-Za-z0-9]' "${SCRIPT_DIR}/local-aws/requirements.txt")

log() { printf 'local-aws: %s\n' "$*" >&2; }
die() { printf 'local-aws: ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
Usage: $(basename "$0") <command>

  install   create ${VENV_DIR#"${REPO_ROOT}"/} with the pinned MiniStack, cbor2, cfn-lint, aws-sam-translator
  start     start MiniStack on ${HOST}:${PORT} (detached; log ${LOG_FILE#"${REPO_ROOT}"/})
  stop      stop the MiniStack this script started on port ${PORT} (by its PID)
  status    report whether it runs and is healthy (exit 0 healthy, 1 unhealthy or foreign, 3 not running)
  reset     wipe the state of the MiniStack this script started on port ${PORT} (POST /_ministack/reset);
            refuses any other emulator
  endpoint  print the endpoint URL derived from GATEWAY_PORT
  env       print export lines for the AWS SDK/CLI: eval "\$($(basename "$0") env)"

Environment: GATEWAY_PORT (default 4566; the endpoint is http://${HOST}:\$GATEWAY_PORT),
MINISTACK_START_TIMEOUT (seconds, default 30), MINISTACK_AUTH (IAM enforcement, default true).
EOF
}

# ---------------------------------------------------------------- install ---

pins_hash() {
  local py_version
  py_version="$("${1}" -c 'import sys; print(sys.version)')"
  {
    printf '%s\n' "${PINS[@]}"
    printf 'python %s\n' "${py_version}"
    cat "${CONSTRAINTS_FILE}"
  } | sha256sum | cut -d' ' -f1
}

cmd_install() {
  command -v python3 >/dev/null 2>&1 \
    || die "python3 not found on PATH. Install Python 3.10+ (Debian: apt-get install python3 python3-venv python3-pip)."
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || die "python3 is $(python3 -V 2>&1); MiniStack needs Python 3.10 or newer."
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 \
    || die "python3 has no working venv/ensurepip module (Debian: apt-get install python3-venv)."
  [[ -f "${CONSTRAINTS_FILE}" ]] || die "missing ${CONSTRAINTS_FILE}"

  local venv_py="${VENV_DIR}/bin/python"
  if [[ -x "${venv_py}" && -f "${STAMP_FILE}" ]] \
     && [[ "$(cat "${STAMP_FILE}")" == "$(pins_hash "${venv_py}")" ]]; then
    log "venv up to date: ${VENV_DIR} (${PINS[*]})"
    return 0
  fi

  if [[ ! -x "${venv_py}" ]]; then
    log "creating venv ${VENV_DIR}"
    python3 -m venv "${VENV_DIR}" || die "python3 -m venv failed (Debian: apt-get install python3-venv)."
  fi
  "${venv_py}" -m pip --version >/dev/null 2>&1 \
    || die "pip is not available in ${VENV_DIR} (Debian: apt-get install python3-pip python3-venv); remove the folder and retry."

  rm -f "${STAMP_FILE}"
  log "installing ${PINS[*]}"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "${venv_py}" -m pip install --quiet \
    --constraint "${CONSTRAINTS_FILE}" "${PINS[@]}" \
    || die "pip install failed (is PyPI reachable?)"
  "${venv_py}" -m pip check >/dev/null || die "pip check reports broken requirements in ${VENV_DIR}"
  "${venv_py}" -c 'import ministack, cbor2, samtranslator, cfnlint' \
    || die "installed packages do not import"
  pins_hash "${venv_py}" > "${STAMP_FILE}"
  log "installed into ${VENV_DIR}"
}

# ------------------------------------------------------------ process info ---

# The PID recorded for this port, if the state file exists and names this port.
read_pid() {
  [[ -f "${STATE_FILE}" ]] || return 1
  local pid port
  pid="$(sed -n 's/^pid=\([0-9][0-9]*\)$/\1/p' "${STATE_FILE}")"
  port="$(sed -n 's/^port=\([0-9][0-9]*\)$/\1/p' "${STATE_FILE}")"
  [[ -n "${pid}" && "${port}" == "${PORT}" ]] || return 1
  printf '%s\n' "${pid}"
}

write_state() {
  printf 'pid=%s\nport=%s\n' "$1" "${PORT}" > "${STATE_FILE}"
}

# True if PID (or a process it started) listens on this port: the recorded emulator is the one there.
listens_on_port() {
  local pids_re
  pids_re="$(process_tree "$1" | paste -sd'|' -)"
  ss -Hltnp "sport = :${PORT}" 2>/dev/null | grep -qE "pid=(${pids_re}),"
}

# The PID of the MiniStack this script started on this port, or failure.
owned_pid() {
  local pid
  pid="$(read_pid)" && is_our_ministack "${pid}" && listens_on_port "${pid}" && printf '%s\n' "${pid}"
}

refuse_foreign() {
  die "refusing to $1 ${ENDPOINT}: no MiniStack started by this script from ${REPO_ROOT} runs on port ${PORT} \
(no live ${STATE_FILE#"${REPO_ROOT}"/}). Another run's emulator is never touched; start your own with \
GATEWAY_PORT=${PORT} $0 start, or set GATEWAY_PORT to the port you started."
}

# True if PID is alive and is the MiniStack from this repo's venv.
is_our_ministack() {
  local pid="$1" cmdline
  [[ -r "/proc/${pid}/cmdline" ]] || return 1
  cmdline="$(tr '\0' ' ' < "/proc/${pid}/cmdline" 2>/dev/null || true)"
  [[ "${cmdline}" == *"${VENV_DIR}/bin/"*ministack* ]]
}

healthy() {
  curl -fsS --max-time 2 "${ENDPOINT}/_ministack/health" >/dev/null 2>&1
}

port_in_use() {
  [[ -n "$(ss -Hltn "sport = :${PORT}" 2>/dev/null)" ]]
}

# The PID and all its descendants, one per line.
process_tree() {
  local pid="$1" child
  printf '%s\n' "${pid}"
  for child in $(ps -o pid= --ppid "${pid}" 2>/dev/null || true); do
    process_tree "${child}"
  done
}

# Fail if any process of the tree listens (TCP or UDP) on a non-loopback address.
check_loopback_only() {
  local pid="$1" pids_re sockets bad
  pids_re="$(process_tree "${pid}" | paste -sd'|' -)"
  sockets="$(ss -Hltunp 2>/dev/null | grep -E "pid=(${pids_re})," || true)"
  [[ -n "${sockets}" ]] || die "MiniStack (PID ${pid}) has no listening socket; see ${LOG_FILE}"
  # Column 5 is the local address:port (Netid State Recv-Q Send-Q Local Peer Process).
  bad="$(awk '{ a = $5; if (a !~ /^127\./ && a !~ /^\[::1\]:/ && a !~ /^\[::ffff:127\./) print }' <<<"${sockets}")"
  if [[ -n "${bad}" ]]; then
    printf '%s\n' "${bad}" >&2
    cmd_stop >&2 || true
    die "MiniStack listened on a non-loopback address (above); stopped it. Check BIND_HOST/IOT_MTLS_ENABLED/SFTP_ENABLED."
  fi
  awk '{ print "local-aws: listening " $1 " " $5 }' <<<"${sockets}" >&2
}

# ------------------------------------------------------------------ start ---

cmd_start() {
  local venv_bin="${VENV_DIR}/bin/ministack" venv_py="${VENV_DIR}/bin/python" pid
  [[ -x "${venv_bin}" ]] || die "${venv_bin} not found; run: $0 install"
  command -v curl >/dev/null 2>&1 || die "curl not found (apt-get install curl)"
  command -v ss >/dev/null 2>&1 || die "ss not found (apt-get install iproute2)"
  mkdir -p "${STATE_DIR}/tmp"

  if pid="$(read_pid)"; then
    if is_our_ministack "${pid}"; then
      if healthy; then
        log "already running and healthy (PID ${pid}) at ${ENDPOINT}"
        return 0
      fi
      die "MiniStack PID ${pid} is running but ${ENDPOINT}/_ministack/health does not answer; run: $0 stop"
    fi
    log "removing stale state file (PID ${pid} is not our MiniStack)"
    rm -f "${STATE_FILE}"
  fi
  if port_in_use; then
    die "port ${PORT} on this machine is already in use by another process: $(ss -Hltnp "sport = :${PORT}" | head -1)"
  fi

  : > "${LOG_FILE}"
  # ministack-run.py is MiniStack's own entry point plus TimeoutSecondsPath, which 1.5.33 ignores.
  # setsid: own session and process group (pgid == PID), so the server outlives
  # the calling shell and `stop` can signal exactly this group.
  env \
    BIND_HOST="${HOST}" \
    MINISTACK_HOST="${HOST}" \
    GATEWAY_PORT="${PORT}" \
    MINISTACK_REGION="${REGION}" \
    MINISTACK_ACCOUNT_ID="${ACCOUNT_ID}" \
    LAMBDA_STRICT=1 \
    AUTH="${AUTH_ENABLED}" \
    CLOUDTRAIL_RECORDING=1 \
    IOT_MTLS_ENABLED=0 \
    SFTP_ENABLED=0 \
    SFTP_HOST="${HOST}" \
    SFN_WAIT_SCALE=0 \
    PERSIST_STATE=0 \
    TMPDIR="${STATE_DIR}/tmp" \
    setsid "${venv_py}" "${SCRIPT_DIR}/ministack-run.py" </dev/null >>"${LOG_FILE}" 2>&1 &
  pid=$!
  write_state "${pid}"

  local deadline=$((SECONDS + START_TIMEOUT_S))
  until healthy; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      rm -f "${STATE_FILE}"
      tail -n 40 "${LOG_FILE}" >&2 || true
      die "MiniStack exited during start-up (log above, full log ${LOG_FILE})"
    fi
    if (( SECONDS >= deadline )); then
      tail -n 40 "${LOG_FILE}" >&2 || true
      cmd_stop >&2 || true
      die "MiniStack did not answer ${ENDPOINT}/_ministack/health within ${START_TIMEOUT_S}s (log above)"
    fi
    sleep 0.2
  done
  is_our_ministack "${pid}" || die "PID ${pid} is not the MiniStack process (unexpected); see ${LOG_FILE}"
  check_loopback_only "${pid}"
  log "started MiniStack (PID ${pid}) at ${ENDPOINT}; log ${LOG_FILE}"
}

# ------------------------------------------------------------------- stop ---

cmd_stop() {
  local pid
  if ! pid="$(read_pid)"; then
    log "nothing to stop: this script started no MiniStack on port ${PORT} (no ${STATE_FILE#"${REPO_ROOT}"/})"
    return 0
  fi
  if ! is_our_ministack "${pid}"; then
    log "not running (stale state file for PID ${pid}); removing it"
    rm -f "${STATE_FILE}"
    return 0
  fi
  kill -TERM "${pid}" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while kill -0 "${pid}" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      log "PID ${pid} ignored SIGTERM for ${STOP_TIMEOUT_S}s; sending SIGKILL"
      kill -KILL "${pid}" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  # Helpers it spawned share its process group (pgid == pid, from setsid).
  kill -TERM -- "-${pid}" 2>/dev/null || true
  while kill -0 "${pid}" 2>/dev/null; do sleep 0.1; done
  rm -f "${STATE_FILE}"
  log "stopped MiniStack (PID ${pid})"
}

# ----------------------------------------------------------------- others ---

cmd_status() {
  local pid
  if ! pid="$(read_pid)" || ! is_our_ministack "${pid}"; then
    if healthy; then
      log "not started by this script, but something answers ${ENDPOINT}/_ministack/health"
      return 1
    fi
    log "not running"
    return 3
  fi
  if healthy; then
    log "running and healthy (PID ${pid}) at ${ENDPOINT}"
    curl -fsS --max-time 2 "${ENDPOINT}/_ministack/health"
    echo
    return 0
  fi
  log "PID ${pid} runs but ${ENDPOINT}/_ministack/health does not answer"
  return 1
}

cmd_reset() {
  owned_pid >/dev/null || refuse_foreign reset
  healthy || die "MiniStack is not answering at ${ENDPOINT}; run: $0 start"
  local body
  body="$(curl -fsS --max-time 30 -X POST "${ENDPOINT}/_ministack/reset")" \
    || die "POST ${ENDPOINT}/_ministack/reset failed"
  [[ "${body}" == *'"reset": "ok"'* || "${body}" == *'"reset":"ok"'* ]] \
    || die "unexpected reset answer: ${body}"
  log "reset: ${body}"
}

cmd_env() {
  printf 'export AWS_ENDPOINT_URL=%s\n' "${ENDPOINT}"
  printf 'export AWS_REGION=%s\n' "${REGION}"
  printf 'export AWS_DEFAULT_REGION=%s\n' "${REGION}"
  printf 'export AWS_ACCOUNT_ID=%s\n' "${ACCOUNT_ID}"
  printf 'export AWS_ACCESS_KEY_ID=test\n'
  printf 'export AWS_SECRET_ACCESS_KEY=test\n'
}

main() {
  local cmd="${1:-}"
  case "${cmd}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    endpoint) printf '%s\n' "${ENDPOINT}" ;;
    env) cmd_env ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

if ! [[ "${PORT}" =~ ^[0-9]{1,5}$ ]] || (( PORT < 1 || PORT > 65535 )); then
  die "GATEWAY_PORT must be a TCP port number, got '${PORT}'"
fi
main "$@"
