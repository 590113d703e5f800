#!/usr/bin/env python3
"""
Runs a command in a pseudo-terminal and bridges it to pipes, so a Node.js
benchmark can drive a real terminal app without a native addon:

  pty-bridge.py --cols 80 --rows 24 -- node bin/pve-vm-tui.js --demo

- our stdin is copied to the terminal (keys); the terminal's output goes to our
  stdout in records "<monotonic ns> <length>\n<bytes>", stamped when read here,
  so a busy benchmark process does not delay the time a frame counts from;
- stderr gets two JSON lines: {"event": "spawned", "monotonicNs": N} just
  before fork, and {"event": "exited", "monotonicNs": N, "code": C} when the
  child has exited (C is 128 + signal for a signal). CLOCK_MONOTONIC is the
  clock of Node's process.hrtime.bigint(), so the benchmark measures from the
  child's start without counting Python's own start-up;
- SIGTERM kills the child (the benchmark's way to end a stuck run).
"""
import argparse, fcntl, json, os, pty, select, signal, struct, sys, termios, time

def report(event, **fields):
    sys.stderr.write(json.dumps({'event': event, 'monotonicNs': time.monotonic_ns(), **fields}) + '\n')
    sys.stderr.flush()

def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--cols', type=int, default=80)
    parser.add_argument('--rows', type=int, default=24)
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command

    report('spawned')
    pid, master = pty.fork()
    if pid == 0:
        # The window size is set before exec, so the app's first frame has the right size.
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack('HHHH', args.rows, args.cols, 0, 0))
        os.execvp(command[0], command)
    signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGKILL))
    stdin = sys.stdin.fileno()
    stdout = sys.stdout.fileno()
    watching = [master, stdin]
    while master in watching:
        try:
            ready, _, _ = select.select(watching, [], [])
        except InterruptedError:
            continue
        if master in ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b''  # EIO: the child closed the terminal (it exited)
            if chunk:
                write_all(stdout, b'%d %d\n' % (time.monotonic_ns(), len(chunk)) + chunk)
            else:
                watching.remove(master)
        if stdin in ready:
            keys = os.read(stdin, 65536)
            if keys:
                os.write(master, keys)
            else:
                watching.remove(stdin)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    report('exited', code=code if code >= 0 else 128 - code)

if __name__ == '__main__':
    main()
