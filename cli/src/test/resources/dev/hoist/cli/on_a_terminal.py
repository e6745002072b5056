# on_a_terminal.py COMMAND...: runs COMMAND with a new pty as its controlling terminal and
# stdio (as a shell would), collects what it writes there, then prints that output (repr), the
# terminal's echo flag as COMMAND left it, and COMMAND's exit status. PTY_SIZE=ROWSxCOLS in the
# environment: the terminal's window size.
import fcntl
import os
import select
import struct
import sys
import termios

master, slave = os.openpty()
if os.environ.get("PTY_SIZE"):
    rows, cols = (int(n) for n in os.environ["PTY_SIZE"].split("x"))
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.close(master)
    os.execvp(sys.argv[1], sys.argv[1:])

out = b""
status = None
while True:
    ready, _, _ = select.select([master], [], [], 0.2)
    if ready:
        out += os.read(master, 65536)
        continue
    if status is not None:
        break
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
lflag = termios.tcgetattr(slave)[3]
print(repr(out))
print("echo " + ("on" if lflag & termios.ECHO else "off"))
print("exit %d" % os.waitstatus_to_exitcode(status))
