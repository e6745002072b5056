/* hoist-shim's seccomp filter and session keyring; see shim-seccomp.h and docs/runtime-shim.md.
 * The filter is compiled on the Java side (dev.hoist.internal.runtime.seccomp.BpfCompiler); the shim only
 * loads it. */
#define _GNU_SOURCE
#include "shim-seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/keyctl.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_fprog filter;

int shim_seccomp_read(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) < 0) {
    close(fd);
    return -1;
  }
  if (st.st_size <= 0 || st.st_size % (off_t)sizeof(struct sock_filter) != 0 ||
      st.st_size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS) {
    close(fd);
    errno = EINVAL;
    return -1;
  }
  struct sock_filter *prog = malloc((size_t)st.st_size);
  if (!prog) {
    close(fd);
    return -1;
  }
  size_t have = 0;
  while (have < (size_t)st.st_size) {
    ssize_t r = read(fd, (char *)prog + have, (size_t)st.st_size - have);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (r == 0) errno = EIO; /* the file shrank */
      free(prog);
      close(fd);
      return -1;
    }
    have += (size_t)r;
  }
  close(fd);
  free(filter.filter);
  filter.filter = prog;
  filter.len = (unsigned short)(have / sizeof(struct sock_filter));
  return 0;
}

int shim_seccomp_apply(void) {
  if (!filter.filter) return 0;
  return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter);
}

int shim_join_session_keyring(void) {
  if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0) {
    if (errno == ENOSYS) return 0; /* a kernel without keys: nothing to reach */
    return -1;
  }
  return 0;
}
