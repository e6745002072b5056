# Runs argv[1:] on a new pty of 30x100 rows/columns, resizes it to 40x120 after 0.5 s, prints
# what the program wrote (repr) and its exit status. Used by ShimRuntimeTest.terminalFollowsTheHostTerminalsSize.
import os, pty, fcntl, termios, struct, time, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))
time.sleep(0.5)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
out = b''
while True:
    try:
        d = os.read(fd, 1024)
    except OSError:
        break
    if not d: break
    out += d
print(repr(out), os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
