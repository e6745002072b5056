/* Loads a compiled seccomp filter (argv[1]: struct sock_filter[]) on itself, then makes each
 * syscall of argv[2] (lines "nr arg0 arg1 arg2", decimal, args as unsigned 64-bit) and prints
 * "ok" or "E<errno>" for each. BpfKernelTest gives it filters whose rules only return errnos,
 * on syscalls that ignore their arguments, so nothing real happens either way. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 3;
  static struct sock_filter prog[BPF_MAXINSNS];
  size_t n = fread(prog, sizeof prog[0], BPF_MAXINSNS, f);
  fclose(f);
  FILE *probes = fopen(argv[2], "r");
  if (!probes) return 3;
  static char out[1 << 20];
  size_t used = 0;
  struct sock_fprog fprog = {(unsigned short)n, prog};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return 4;
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0) {
    perror("seccomp");
    return 5;
  }
  long nr;
  unsigned long long a0, a1, a2;
  while (fscanf(probes, "%ld %llu %llu %llu", &nr, &a0, &a1, &a2) == 4) {
    long r = syscall(nr, a0, a1, a2, 0, 0, 0);
    used += (size_t)snprintf(out + used, sizeof out - used, r < 0 ? "E%d\n" : "ok\n", errno);
  }
  fwrite(out, 1, used, stdout);
  return 0;
}
