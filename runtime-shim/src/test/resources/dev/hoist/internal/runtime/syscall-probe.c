/* Tries the syscalls Docker's default seccomp profile refuses and prints one line each:
 * NAME=ok or NAME=<errno name> (SeccompConfinementTest compiles it static and runs it in
 * containers). "probe keyread DESC" looks for a user key DESC in the session keyring. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *name, long r) {
  if (r < 0) printf("%s=%s\n", name, strerrorname_np(errno));
  else printf("%s=ok\n", name);
}

static void userns_mount(void) {
  long r = unshare(CLONE_NEWUSER | CLONE_NEWNS);
  report("unshare", r);
  if (r == 0) report("mount", mount("none", "/tmp", "tmpfs", 0, NULL));
}

static void keyread(const char *desc) {
  long id = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, "user", desc, 0);
  report("keysearch", id);
  if (id >= 0) {
    char buf[256] = {0};
    long n = syscall(SYS_keyctl, KEYCTL_READ, id, buf, sizeof buf - 1);
    if (n >= 0) printf("key=%s\n", buf);
  }
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc == 3 && !strcmp(argv[1], "keyread")) {
    keyread(argv[2]);
    return 0;
  }
  report("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
  struct io_uring_params params;
  memset(&params, 0, sizeof params);
  report("io_uring_setup", syscall(SYS_io_uring_setup, 4, &params));
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_TASK_CLOCK;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  report("perf_event_open", syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
  report("personality_query", syscall(SYS_personality, 0xffffffffUL));
  report("personality", syscall(SYS_personality, 0x0040000UL)); /* ADDR_NO_RANDOMIZE */
  report("clone3", syscall(SYS_clone3, NULL, 0));
  report("vsock", socket(40 /* AF_VSOCK */, SOCK_STREAM, 0));
  fflush(stdout);
  userns_mount(); /* last: it leaves the process in a new user namespace */
  return 0;
}
