#!/usr/bin/env bash
# End-to-end check of the built app in a real terminal: runs
# `node bin/pve-vm-tui.js --demo` in tmux at 80x24, signs in with Enter,
# walks every step with Ctrl-N (the defaults), creates the VM with y, checks
# the success screen, quits, and checks that the terminal is restored (line
# discipline sane, cursor shown, normal screen, no mouse or keypad mode left).
#
# It builds nothing: run `npm run build` first (make test does). It waits for
# text on the screen with a generous timeout; nothing here measures time.
#
#   scripts/e2e-tmux.sh            exit 0 when all is well, else a message and the last screen
#   E2E_TIMEOUT=60 scripts/e2e-tmux.sh    seconds to wait for each screen (default 30)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TIMEOUT="${E2E_TIMEOUT:-30}"
# A private tmux server: nothing the user runs in tmux is touched.
SERVER="pve-vm-tui-e2e-$$"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pve-vm-tui-e2e.XXXXXX")"

fail() {
  echo "e2e-tmux: FAIL: $*" >&2
  if tmux -L "$SERVER" has-session 2>/dev/null; then
    echo "e2e-tmux: the screen was:" >&2
    tmux -L "$SERVER" capture-pane -p -t main >&2 || true
  fi
  exit 1
}

cleanup() {
  tmux -L "$SERVER" kill-server 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v tmux >/dev/null 2>&1 || fail "tmux not installed (CI installs it in .ci/run; on a dev machine: apt-get install tmux)"
[ -f "$ROOT/dist/src/bin.js" ] || fail "dist/ is missing: run npm run build (make test does) before this script"

screen() { tmux -L "$SERVER" capture-pane -p -t main; }
send() { tmux -L "$SERVER" send-keys -t main "$@"; }
pane() { tmux -L "$SERVER" display-message -p -t main "$1"; }

# Wait until the screen matches an extended regex, or fail saying what was awaited.
wait_for() {
  local pattern="$1" what="$2" deadline=$((SECONDS + TIMEOUT))
  until screen | grep -Eq -- "$pattern"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "waited ${TIMEOUT}s for $what (/$pattern/)"
    sleep 0.2
  done
}

# The pane runs the app, then records its exit code and the terminal settings
# it left behind, then stays open so its state can be inspected.
RUN="cd '$ROOT' && NCURSES_NO_UTF8_ACS=1 node bin/pve-vm-tui.js --demo 2>'$WORK/stderr'; echo \$? >'$WORK/exit'; stty -a >'$WORK/stty' 2>&1; exec sleep 600"
tmux -L "$SERVER" -f /dev/null new-session -d -s main -x 80 -y 24 "sh -c \"$RUN\""

wait_for 'Realm +pam' 'the Login step with the realms'
wait_for 'Login 1/9' 'the step indicator'
send Enter
wait_for 'Resource pool' 'the General step after signing in'
for step in OS System Disks CPU Memory Network Confirm; do
  # A step still loading its data says so and stays: press Ctrl-N again until the next step shows.
  deadline=$((SECONDS + TIMEOUT))
  until screen | grep -Eq -- "$step [0-9]/9"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "waited ${TIMEOUT}s for the $step step"
    send C-n
    sleep 0.3
  done
done
send C-n
wait_for 'Create VM [0-9]+ on pve1\? \(y/N\)' 'the y/N question before creating'
send y
wait_for 'VM [0-9]+ created on pve1\.' 'the success screen'
screen | grep -q '\[ OK \] Set the serial console' || fail 'the serial console step is not marked done'
screen | grep -q 'FAIL' && fail 'a step failed'
send C-q

deadline=$((SECONDS + TIMEOUT))
until [ -s "$WORK/exit" ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the app did not exit ${TIMEOUT}s after Ctrl-Q"
  sleep 0.2
done
code="$(cat "$WORK/exit")"
[ "$code" = 0 ] || fail "exit code $code after creating the VM, expected 0 (stderr: $(cat "$WORK/stderr"))"

# The terminal as the app left it.
[ -s "$WORK/stty" ] || fail 'stty -a printed nothing after the app exited'
grep -Eq '(^|[ ;])icanon( |;|$)' "$WORK/stty" || fail "the line discipline is not canonical after exit: $(cat "$WORK/stty")"
grep -Eq '(^|[ ;])echo( |;|$)' "$WORK/stty" || fail "echo is off after exit: $(cat "$WORK/stty")"
[ "$(pane '#{alternate_on}')" = 0 ] || fail 'the alternate screen is still on after exit'
[ "$(pane '#{cursor_flag}')" = 1 ] || fail 'the cursor is hidden after exit'
[ "$(pane '#{mouse_any_flag}')" = 0 ] || fail 'mouse reporting is still on after exit'
[ "$(pane '#{keypad_flag}')" = 0 ] || fail 'keypad (application cursor keys) mode is still on after exit'
[ -s "$WORK/stderr" ] && fail "the app wrote to stderr: $(cat "$WORK/stderr")"

echo "e2e-tmux: OK: signed in, walked the wizard with the defaults, created the VM, exit 0, terminal restored"
