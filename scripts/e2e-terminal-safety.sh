#!/usr/bin/env bash
# The terminal is restored whatever ends the built app: for SIGTERM, SIGHUP and
# SIGINT (sent to the process, not typed) and for an uncaught exception (the
# test-only PVE_VM_TUI_TEST_CRASH_AFTER_MS, docs/reliability.md), it runs
# `node bin/pve-vm-tui.js --demo` in a private tmux server at 80x24, waits for
# the Login frame, ends it that way, and checks the exit code (143, 129, 130,
# 70), that the pane is back on its normal screen with the cursor shown and
# no mouse mode (tmux's #{alternate_on}, #{cursor_flag}, #{mouse_any_flag}),
# that `stty -a` shows a sane line discipline (icanon echo isig), and that
# stderr is empty, or for the crash one plain line (no stack trace).
#
# It builds nothing: run `npm run build` first (make test does). It waits for
# text on the screen with a generous timeout; nothing here measures time.
#
#   scripts/e2e-terminal-safety.sh               every case; exit 0 when all hold
#   scripts/e2e-terminal-safety.sh SIGHUP crash  only these cases
#   E2E_TIMEOUT=60 scripts/e2e-terminal-safety.sh   seconds to wait for each screen (default 30)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TIMEOUT="${E2E_TIMEOUT:-30}"
# A private tmux server: nothing the user runs in tmux is touched.
SERVER="pve-vm-tui-safety-$$"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pve-vm-tui-safety.XXXXXX")"
CASES=("$@")
[ "${#CASES[@]}" -gt 0 ] || CASES=(SIGTERM SIGHUP SIGINT crash)

fail() {
  echo "e2e-terminal-safety: FAIL ($CASE): $*" >&2
  if tmux -L "$SERVER" has-session -t "$CASE" 2>/dev/null; then
    echo "e2e-terminal-safety: the pane was:" >&2
    tmux -L "$SERVER" capture-pane -p -t "$CASE" >&2 || true
  fi
  exit 1
}

cleanup() {
  tmux -L "$SERVER" kill-server 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

CASE=setup
command -v tmux >/dev/null 2>&1 || fail "tmux not installed (CI installs it in .ci/run; on a dev machine: apt-get install tmux)"
[ -f "$ROOT/bin/pve-vm-tui.js" ] && [ -d "$ROOT/dist" ] || fail "dist/ is missing: run npm run build (make test does) before this script"

screen() { tmux -L "$SERVER" capture-pane -p -t "$CASE"; }
pane() { tmux -L "$SERVER" display-message -p -t "$CASE" "$1"; }

# Wait until `test` (a command) succeeds, or fail saying what was awaited.
wait_until() {
  local what="$1" deadline=$((SECONDS + TIMEOUT))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "waited ${TIMEOUT}s for $what"
    sleep 0.2
  done
}
shows() { screen | grep -Eq -- "$1"; }
exited() { [ -s "$DIR/exit" ]; }

expected_code() {
  case "$1" in
    SIGHUP) echo 129 ;;
    SIGINT) echo 130 ;;
    SIGTERM) echo 143 ;;
    crash) echo 70 ;;
    *) fail "unknown case $1 (SIGTERM, SIGHUP, SIGINT or crash)" ;;
  esac
}

for CASE in "${CASES[@]}"; do
  want="$(expected_code "$CASE")"
  DIR="$WORK/$CASE"
  mkdir -p "$DIR"
  crash_env=""
  # The crash comes once the Login frame had time to be drawn (the test waits for it first).
  [ "$CASE" = crash ] && crash_env="PVE_VM_TUI_TEST_CRASH_AFTER_MS=1500"
  # The pane's script: a subshell writes its PID and becomes the app (exec), so the signal goes to node
  # itself; then the exit code and the terminal settings the app left are recorded, and the pane stays
  # open to be inspected.
  cat >"$DIR/run.sh" <<RUN
cd '$ROOT'
sh -c 'echo \$\$ >"$DIR/pid"; exec env NCURSES_NO_UTF8_ACS=1 $crash_env node bin/pve-vm-tui.js --demo 2>"$DIR/stderr"'
echo \$? >'$DIR/exit'
stty -a >'$DIR/stty' 2>&1
exec sleep 600
RUN
  tmux -L "$SERVER" -f /dev/null new-session -d -s "$CASE" -x 80 -y 24 "sh '$DIR/run.sh'"
  wait_until 'the Login frame' shows 'Realm +pam'
  if [ "$CASE" != crash ]; then
    pid="$(cat "$DIR/pid")"
    kill -s "${CASE#SIG}" "$pid"
  fi
  wait_until "the app to exit after $CASE" exited
  code="$(cat "$DIR/exit")"
  [ "$code" = "$want" ] || fail "exit code $code, expected $want (stderr: $(cat "$DIR/stderr"))"

  wait_until 'stty -a' test -s "$DIR/stty"
  for flag in icanon echo isig; do
    grep -Eq "(^|[ ;])$flag( |;|$)" "$DIR/stty" || fail "'$flag' is off after the app ended: $(cat "$DIR/stty")"
  done
  [ "$(pane '#{alternate_on}')" = 0 ] || fail 'the alternate screen is still on'
  [ "$(pane '#{cursor_flag}')" = 1 ] || fail 'the cursor is hidden'
  [ "$(pane '#{mouse_any_flag}')" = 0 ] || fail 'mouse reporting is still on'
  if grep -Eq '^\s+at ' "$DIR/stderr"; then fail "a stack trace on stderr: $(cat "$DIR/stderr")"; fi
  if [ "$CASE" = crash ]; then
    grep -q '^pve-vm-tui: crashed: test crash after 1500 ms' "$DIR/stderr" || fail "stderr does not say it crashed: $(cat "$DIR/stderr")"
  elif [ -s "$DIR/stderr" ]; then
    fail "the app wrote to stderr: $(cat "$DIR/stderr")"
  fi
  echo "e2e-terminal-safety: OK ($CASE): exit $code, normal screen, cursor shown, icanon echo isig"
  tmux -L "$SERVER" kill-session -t "$CASE"
done
