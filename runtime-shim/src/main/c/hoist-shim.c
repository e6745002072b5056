/*
 * hoist-shim: runs one container process in fresh Linux namespaces on an overlay root.
 *
 *   hoist-shim CONFIG            run a container (or, with join=PID, exec into one)
 *   hoist-shim --mount CONFIG    only mount the overlay root (lower/upper/work/rootfs) here
 *   hoist-shim --umount DIR      detach the mount on DIR
 *   hoist-shim --init ARG...     be PID 1 of a container another runtime (runc) made: fork ARG,
 *                                forward signals, reap zombies, exit with ARG's status
 *   hoist-shim --tty-relay ARG...  run ARG (runc) on a new host pty, relaying it to our stdio
 *
 * CONFIG is a file of NUL-terminated "key=value" records written by the Java side
 * (dev.hoist.internal.runtime.ShimConfig); docs/runtime-shim.md lists the keys. Plain libc and Linux
 * system calls only; built static so it runs whatever the host has.
 *
 * Processes:
 *   outer  (the process Java started)  re-executes itself from a sealed memfd, unshares a PID
 *          namespace, forks "init", forwards every signal it gets to init, exits with init's
 *          status.
 *   init   (PID 1 of the container)    unshares mount/UTS/IPC/(net) namespaces, mounts the root,
 *          pivots into it, drops to the default capabilities, forks the user process, then reaps
 *          every zombie and forwards signals to the user process until it exits; exits with its
 *          status (128+N when it was killed by signal N).
 *   user   (PID 2)                     switches user, drops capabilities, execs argv.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "shim-seccomp.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

extern char **environ;

/* ------------------------------------------------------------------------------------------ */
/* errors */

static const char *who = "hoist-shim";
/* The config's errors=FILE, open (close-on-exec) from the start: die() writes its message there
 * too, so hoist can tell the shim's failure from a command's own exit status 125. */
static int error_fd = -1;

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...) {
  int saved = errno;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  char line[1200];
  if (saved == EPERM && geteuid() != 0) {
    /* namespaces, mounts, cgroups: what fails so without root; hoist build says the same */
    snprintf(line, sizeof line, "%s: %s: %s (it needs root)\n", who, buf, strerror(saved));
  } else if (saved) {
    snprintf(line, sizeof line, "%s: %s: %s\n", who, buf, strerror(saved));
  } else {
    snprintf(line, sizeof line, "%s: %s\n", who, buf);
  }
  dprintf(2, "%s", line);
  if (error_fd >= 0) dprintf(error_fd, "%s", line);
  _exit(125); /* as docker run: the runtime itself failed */
}

/* ------------------------------------------------------------------------------------------ */
/* configuration */

#define MAX_LIST 4096

struct bind {
  const char *src;
  const char *dst;
  int ro;
  int srcfd;
};

struct config {
  const char *lower[MAX_LIST];
  int nlower;
  const char *upper, *work, *rootfs;
  const char *argv[MAX_LIST + 1];
  int nargv;
  const char *env[MAX_LIST + 1];
  int nenv;
  const char *cwd;
  uid_t uid;
  gid_t gid;
  gid_t groups[NGROUPS_MAX > 1024 ? 1024 : NGROUPS_MAX];
  int ngroups;
  const char *hostname;
  const char *domainname; /* --domainname: the UTS domain name, or NULL */
  int host_network;
  const char *netns; /* netns=PATH: join this network namespace instead of making one */
  int readonly;
  int tty;
  const char *winsize_dir; /* winsize-dir=DIR: DIR/winsize.PID (our PID) gives the size */
  struct bind binds[256];
  int nbinds;
  const char *tmpfs[64];
  const char *tmpfs_data[64];
  int ntmpfs;
  const char *pidfile;
  pid_t join;
  pid_t parent; /* parent=PID: die with the process that started us (a build) */
  const char *hosts, *resolv, *hostname_file;
  const char *cgroups[32];
  int ncgroups;
  const char *device_allow[64];
  int ndevice_allow;
  const char *cgroupfs[32];
  int ncgroupfs;
  unsigned long long caps; /* caps=HEX: the container's capability set (Docker's default) */
  int nnp;                 /* no-new-privs=0|1 (1) */
  int privileged;          /* privileged=1: nothing masked, /sys writable */
  const char *devices[MAX_LIST]; /* device=TYPE MAJOR MINOR MODE UID GID PATH: nodes to make */
  int ndevices;
  const char *rlimits[16];       /* rlimit=RESOURCE SOFT HARD (-1: unlimited) */
  int nrlimits;
  const char *sysctls[64];       /* sysctl=PATH=VALUE, PATH under /proc/sys */
  int nsysctls;
  const char *shm_size;          /* shm-size=BYTES (65536k) */
  const char *oom_score_adj;     /* oom-score-adj=N */
  const char *pid_mode;          /* pid=host|PATH: the host's PID namespace, or join PATH's */
  const char *ipc_mode;          /* ipc=host|none|PATH */
  int uts_host;                  /* uts=host */
  const char *shm_source;        /* shm-source=PATH: bound on /dev/shm instead of a tmpfs */
  int noinit;                    /* noinit=1: init becomes the command (Docker's default) */
};

static struct config cfg;

static unsigned long parse_num(const char *key, const char *v) {
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (errno || *v == '\0' || *end != '\0' || n > 0xfffffffeUL) {
    errno = 0;
    die("config: %s=%s is not a number", key, v);
  }
  return n;
}

#define PUSH(arr, n, max, v, key)                                   \
  do {                                                              \
    if ((n) >= (max)) {                                             \
      errno = 0;                                                    \
      die("config: too many %s entries", key);                      \
    }                                                               \
    (arr)[(n)++] = (v);                                             \
  } while (0)

/* The keys of the container's HostOptions (docs/runtime-shim.md); 0 when k is none of them. */
static int read_host_option(const char *k, const char *v) {
  if (!strcmp(k, "caps")) {
    char *end;
    errno = 0;
    cfg.caps = strtoull(v, &end, 16);
    if (errno || !*v || *end) die("config: caps=%s is not a hexadecimal mask", v);
  } else if (!strcmp(k, "no-new-privs")) cfg.nnp = !strcmp(v, "1");
  else if (!strcmp(k, "privileged")) cfg.privileged = !strcmp(v, "1");
  else if (!strcmp(k, "device")) PUSH(cfg.devices, cfg.ndevices, MAX_LIST, v, k);
  else if (!strcmp(k, "rlimit")) PUSH(cfg.rlimits, cfg.nrlimits, 16, v, k);
  else if (!strcmp(k, "sysctl")) PUSH(cfg.sysctls, cfg.nsysctls, 64, v, k);
  else if (!strcmp(k, "shm-size")) cfg.shm_size = v;
  else if (!strcmp(k, "oom-score-adj")) cfg.oom_score_adj = v;
  else if (!strcmp(k, "pid")) cfg.pid_mode = v;
  else if (!strcmp(k, "ipc")) cfg.ipc_mode = v;
  else if (!strcmp(k, "uts")) cfg.uts_host = !strcmp(v, "host");
  else if (!strcmp(k, "shm-source")) cfg.shm_source = v;
  else return 0;
  return 1;
}

static void read_config(const char *path, int mount_only) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open config %s", path);
  struct stat st;
  if (fstat(fd, &st) < 0) die("stat config");
  char *buf = malloc((size_t)st.st_size + 1);
  if (!buf) die("malloc");
  size_t have = 0;
  while (have < (size_t)st.st_size) {
    ssize_t r = read(fd, buf + have, (size_t)st.st_size - have);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) die("read config");
    have += (size_t)r;
  }
  close(fd);
  buf[have] = '\0';
  if (have == 0 || buf[have - 1] != '\0') {
    errno = 0;
    die("config: %s does not end with a NUL", path);
  }
  struct bind *current = NULL;
  for (char *p = buf, *next; p < buf + have; p = next) {
    next = p + strlen(p) + 1;
    char *eq = strchr(p, '=');
    if (!eq) {
      errno = 0;
      die("config: record without '=': %s", p);
    }
    *eq = '\0';
    const char *k = p, *v = eq + 1;
    if (!strcmp(k, "lower")) PUSH(cfg.lower, cfg.nlower, MAX_LIST, v, k);
    else if (!strcmp(k, "upper")) cfg.upper = v;
    else if (!strcmp(k, "work")) cfg.work = v;
    else if (!strcmp(k, "rootfs")) cfg.rootfs = v;
    else if (!strcmp(k, "arg")) PUSH(cfg.argv, cfg.nargv, MAX_LIST, v, k);
    else if (!strcmp(k, "env")) PUSH(cfg.env, cfg.nenv, MAX_LIST, v, k);
    else if (!strcmp(k, "cwd")) cfg.cwd = v;
    else if (!strcmp(k, "uid")) cfg.uid = (uid_t)parse_num(k, v);
    else if (!strcmp(k, "gid")) cfg.gid = (gid_t)parse_num(k, v);
    else if (!strcmp(k, "group")) {
      PUSH(cfg.groups, cfg.ngroups, (int)(sizeof cfg.groups / sizeof cfg.groups[0]),
           (gid_t)parse_num(k, v), k);
    } else if (!strcmp(k, "hostname")) cfg.hostname = v;
    else if (!strcmp(k, "domainname")) cfg.domainname = v;
    else if (!strcmp(k, "network")) {
      if (!strcmp(v, "host")) cfg.host_network = 1;
      else if (!strcmp(v, "none")) cfg.host_network = 0;
      else {
        errno = 0;
        die("config: unknown network mode %s", v);
      }
    } else if (!strcmp(k, "netns")) cfg.netns = v;
    else if (!strcmp(k, "readonly")) cfg.readonly = !strcmp(v, "1");
    else if (!strcmp(k, "tty")) cfg.tty = !strcmp(v, "1");
    else if (!strcmp(k, "winsize-dir")) cfg.winsize_dir = v;
    else if (!strcmp(k, "bind")) {
      if (cfg.nbinds >= 256) {
        errno = 0;
        die("config: too many bind mounts");
      }
      current = &cfg.binds[cfg.nbinds++];
      current->ro = !strcmp(v, "ro");
      current->srcfd = -1;
    } else if (!strcmp(k, "bind-src") || !strcmp(k, "bind-dst")) {
      if (!current) {
        errno = 0;
        die("config: %s before bind", k);
      }
      if (k[5] == 's') current->src = v;
      else current->dst = v;
    } else if (!strcmp(k, "tmpfs")) {
      PUSH(cfg.tmpfs, cfg.ntmpfs, 64, v, k);
      cfg.tmpfs_data[cfg.ntmpfs - 1] = "mode=755";
    } else if (!strcmp(k, "tmpfs-data")) {
      if (cfg.ntmpfs == 0) {
        errno = 0;
        die("config: tmpfs-data before tmpfs");
      }
      cfg.tmpfs_data[cfg.ntmpfs - 1] = v;
    } else if (!strcmp(k, "pidfile")) cfg.pidfile = v;
    else if (!strcmp(k, "noinit")) cfg.noinit = !strcmp(v, "1");
    else if (!strcmp(k, "join")) cfg.join = (pid_t)parse_num(k, v);
    else if (!strcmp(k, "errors")) {
      error_fd = open(v, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (error_fd < 0) die("open %s", v);
    } else if (!strcmp(k, "parent")) cfg.parent = (pid_t)parse_num(k, v);
    else if (!strcmp(k, "hosts")) cfg.hosts = v;
    else if (!strcmp(k, "resolv")) cfg.resolv = v;
    else if (!strcmp(k, "hostname-file")) cfg.hostname_file = v;
    else if (!strcmp(k, "cgroup")) PUSH(cfg.cgroups, cfg.ncgroups, 32, v, k);
    else if (!strcmp(k, "seccomp")) {
      if (shim_seccomp_read(v) < 0) die("config: seccomp filter %s", v);
    }
    else if (!strcmp(k, "device-allow")) PUSH(cfg.device_allow, cfg.ndevice_allow, 64, v, k);
    else if (!strcmp(k, "cgroupfs")) PUSH(cfg.cgroupfs, cfg.ncgroupfs, 32, v, k);
    else if (!read_host_option(k, v)) {
      errno = 0;
      die("config: unknown key %s", k);
    }
  }
  errno = 0;
  if (cfg.nargv == 0 && !mount_only) die("config: no arg");
  if (!cfg.join) {
    if (cfg.nlower == 0) die("config: no lower");
    if (!cfg.upper || !cfg.work || !cfg.rootfs) die("config: upper, work and rootfs are required");
  }
  for (int i = 0; i < cfg.nbinds; i++) {
    if (!cfg.binds[i].src || !cfg.binds[i].dst) die("config: bind %d lacks bind-src or bind-dst", i);
  }
  cfg.argv[cfg.nargv] = NULL;
  cfg.env[cfg.nenv] = NULL;
  if (!cfg.cwd) cfg.cwd = "/";
}

/* ------------------------------------------------------------------------------------------ */
/* The container sees its init's command line (/proc/1/cmdline): it must not show the host paths
 * of the shim and of its config (they name the store). Overwrites argv's strings in place with
 * "hoist-shim" and NULs (the kernel shows the whole area when its last byte is NUL). */

static char **main_argv;
static int main_argc;

static void hide_command_line(void) {
  if (main_argc < 1) return;
  char *start = main_argv[0];
  char *end = main_argv[main_argc - 1] + strlen(main_argv[main_argc - 1]);
  size_t size = (size_t)(end - start);
  memset(start, 0, size);
  memcpy(start, "hoist-shim", size < 10 ? size : 10);
}

/* ------------------------------------------------------------------------------------------ */
/* CVE-2019-5736: the container must never reach a writable executable of ours. Run from a
 * sealed memfd copy, as runc does, so /proc/<init>/exe is an unwritable anonymous file. */

static int is_sealed_self(void) {
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  int seals = fcntl(fd, F_GET_SEALS);
  close(fd);
  return seals >= 0 && (seals & F_SEAL_WRITE) && (seals & F_SEAL_SEAL);
}

static void reexec_sealed(char **argv) {
  if (is_sealed_self()) return;
  int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (self < 0) die("open /proc/self/exe");
  int mfd = memfd_create("hoist-shim", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (mfd < 0 && errno == EINVAL) mfd = memfd_create("hoist-shim", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mfd < 0) die("memfd_create");
  struct stat st;
  if (fstat(self, &st) < 0) die("fstat self");
  off_t off = 0;
  while (off < st.st_size) {
    ssize_t n = sendfile(mfd, self, &off, (size_t)(st.st_size - off));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) die("copy self into memfd");
  }
  close(self);
  if (fchmod(mfd, 0555) < 0) die("fchmod memfd");
  if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
    die("seal memfd");
  fexecve(mfd, argv, environ);
  die("fexecve sealed copy");
}

/* ------------------------------------------------------------------------------------------ */
/* signals */

static const int forwarded[] = {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGALRM,
                                SIGWINCH, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPWR, SIGURG,
                                SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPIPE};
#define NFORWARDED ((int)(sizeof forwarded / sizeof forwarded[0]))

static void noop_handler(int sig) { (void)sig; }

/* The set init and outer wait for: everything forwarded plus SIGCHLD. Handlers are installed
 * too (never run, the signals stay blocked): the kernel drops a signal sent to a namespace's
 * init from outside when the handler is SIG_DFL, and blocked signals must not be lost. */
static void wait_set(sigset_t *set) {
  sigemptyset(set);
  for (int i = 0; i < NFORWARDED; i++) sigaddset(set, forwarded[i]);
  for (int s = SIGRTMIN; s <= SIGRTMAX; s++) sigaddset(set, s);
  sigaddset(set, SIGCHLD);
}

static void install_noop_handlers(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = noop_handler;
  sigfillset(&sa.sa_mask);
  for (int i = 0; i < NFORWARDED; i++) sigaction(forwarded[i], &sa, NULL);
  for (int s = SIGRTMIN; s <= SIGRTMAX; s++) sigaction(s, &sa, NULL);
}

static void reset_signals(const sigset_t *original) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; s++) {
    if (s == SIGKILL || s == SIGSTOP) continue;
    sigaction(s, &sa, NULL);
  }
  sigprocmask(SIG_SETMASK, original, NULL);
}

static int status_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

/* ------------------------------------------------------------------------------------------ */
/* terminals: the shim relays between its own stdin/stdout and the master of a pty allocated in
 * the container's devpts; the host terminal (if any) is in raw mode meanwhile. */

static struct termios saved_termios;
static int termios_saved;

static void restore_terminal(void) {
  if (termios_saved) tcsetattr(0, TCSANOW, &saved_termios);
  termios_saved = 0;
}

static void raw_terminal(void) {
  if (!isatty(0) || tcgetattr(0, &saved_termios) < 0) return;
  struct termios raw = saved_termios;
  cfmakeraw(&raw); /* as docker: the container's own terminal does the output processing */
  if (tcsetattr(0, TCSANOW, &raw) == 0) termios_saved = 1;
}

static int winsize_of(int fd, struct winsize *ws) {
  return ioctl(fd, TIOCGWINSZ, ws) == 0 && ws->ws_row != 0;
}

/* winsize-dir, opened before an exec enters the container's root (-1: none). */
static int winsize_dirfd = -1;

static void open_winsize_dir(void) {
  if (!cfg.winsize_dir) return;
  winsize_dirfd = open(cfg.winsize_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (winsize_dirfd < 0) die("open %s", cfg.winsize_dir);
}

static void close_winsize_dir(void) {
  if (winsize_dirfd >= 0) close(winsize_dirfd);
  winsize_dirfd = -1;
}

/* winsize-dir's file for this process: winsize.PID (our PID). */
static const char *winsize_file(void) {
  static char name[32];
  snprintf(name, sizeof name, "winsize.%d", (int)getpid());
  return name;
}

/* Removes our size file at the end (the service does not know when we end). */
static void remove_winsize_file(void) {
  if (winsize_dirfd >= 0) unlinkat(winsize_dirfd, winsize_file(), 0);
}

/* The size the service asked for (the Engine API's resize): "ROWS COLS" in winsize_file(). */
static int requested_winsize(struct winsize *ws) {
  if (winsize_dirfd < 0) return 0;
  int fd = openat(winsize_dirfd, winsize_file(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  unsigned rows, cols;
  if (sscanf(buf, "%u %u", &rows, &cols) != 2 || rows == 0 || cols == 0 || rows > 65535 ||
      cols > 65535)
    return 0;
  memset(ws, 0, sizeof *ws);
  ws->ws_row = (unsigned short)rows;
  ws->ws_col = (unsigned short)cols;
  return 1;
}

/*
 * The terminal's size: the one asked for through winsize-dir when there is one (a detached
 * container's or an exec's terminal, resized by the Engine API: the service writes the file,
 * then sends SIGWINCH), else the host terminal's: of the shim's stdout, stderr or stdin,
 * whichever is a terminal (hoist keeps a foreground container's output, so its stdout is often
 * a pipe), else of its controlling terminal (/dev/tty); 24x80 when it has none.
 */
static struct winsize host_winsize(void) {
  struct winsize ws;
  if (requested_winsize(&ws)) return ws;
  static const int fds[] = {1, 2, 0};
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
    if (winsize_of(fds[i], &ws)) return ws;
  }
  int tty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
  if (tty >= 0) {
    int found = winsize_of(tty, &ws);
    close(tty);
    if (found) return ws;
  }
  memset(&ws, 0, sizeof ws);
  ws.ws_row = 24;
  ws.ws_col = 80;
  return ws;
}

/* The host terminal's size onto the container's (at start, and on SIGWINCH). */
static void copy_winsize(int master) {
  struct winsize ws = host_winsize();
  ioctl(master, TIOCSWINSZ, &ws);
}

static int write_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    buf += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Copies what is readable on from to to; 0 when from is finished (EOF, EIO: no slave left). */
static int pump(int from, int to) {
  char buf[16384];
  ssize_t r = read(from, buf, sizeof buf);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
  if (r <= 0) return 0;
  if (write_all(to, buf, (size_t)r) < 0) return errno == EPIPE ? 0 : 1;
  return 1;
}

/* Waits for the signals of wait_set (taken through a signalfd): forwards each to target, reaps
 * every child, returns the exit code of `target` once it is gone. With a pty master (>= 0) it
 * also relays stdin to the master and the master to stdout, and turns SIGWINCH into the host
 * terminal's size on the master. */
static int supervise(pid_t target, const sigset_t *set, int master) {
  int sfd = signalfd(-1, set, SFD_CLOEXEC);
  if (sfd < 0) die("signalfd");
  int in_open = master >= 0, out_open = master >= 0;
  for (;;) {
    struct pollfd fds[3] = {{sfd, POLLIN, 0}, {in_open ? 0 : -1, POLLIN, 0},
                            {out_open ? master : -1, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    /* the signal first: a resize asked for before some input is in place when it arrives */
    int sig = 0;
    if (fds[0].revents & POLLIN) {
      struct signalfd_siginfo info;
      if (read(sfd, &info, sizeof info) == (ssize_t)sizeof info) sig = (int)info.ssi_signo;
    }
    if (sig == SIGWINCH && master >= 0) copy_winsize(master);
    else if (sig && sig != SIGCHLD) kill(target, sig);
    if (fds[1].revents) in_open = pump(0, master);
    if (fds[2].revents) out_open = pump(master, 1);
    if (sig != SIGCHLD) continue;
    for (;;) {
      int status;
      pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      if (pid == target) {
        /* What the process wrote last is still in the pty: drain it, without waiting for
         * processes it left behind that keep the terminal open. */
        if (out_open) {
          fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
          while (pump(master, 1)) {
            struct pollfd p = {master, POLLIN, 0};
            if (poll(&p, 1, 0) <= 0) break;
          }
        }
        close(sfd);
        /* Zombies left now die with the namespace when init exits. */
        return status_code(status);
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* paths inside the new root: every lookup stays inside it (RESOLVE_IN_ROOT), so symlinks in an
 * image can never make us create or mount anything outside the container. */

static int rootfd = -1;

static int open_in_root(const char *path, int flags) {
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = (unsigned long long)(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd;
  do {
    fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
  } while (fd < 0 && (errno == EAGAIN || errno == EINTR));
  return fd;
}

/* Makes every parent of path (relative to the root) exist as a directory. */
static void mkdir_parents_in_root(const char *path, mode_t mode) {
  char buf[PATH_MAX];
  if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) die("path too long: %s", path);
  for (char *slash = strchr(buf + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    int fd = open_in_root(buf, O_PATH | O_DIRECTORY);
    if (fd >= 0) {
      close(fd);
    } else if (errno == ENOENT) {
      char *base = strrchr(buf, '/');
      *base = '\0';
      int parent = open_in_root(*buf ? buf : "/", O_PATH | O_DIRECTORY);
      *base = '/';
      if (parent < 0) die("open %s", buf);
      if (mkdirat(parent, base + 1, mode) < 0 && errno != EEXIST) die("mkdir %s", buf);
      close(parent);
    } else {
      die("open %s", buf);
    }
    *slash = '/';
  }
}

/* Opens (creating if needed) the mount point path inside the root: a directory, or an empty
 * file when want_file. Returns an O_PATH descriptor. */
static int mountpoint_in_root(const char *path, int want_file) {
  int fd = open_in_root(path, O_PATH);
  if (fd >= 0) return fd;
  if (errno != ENOENT) die("open mount point %s", path);
  mkdir_parents_in_root(path, 0755);
  char buf[PATH_MAX];
  snprintf(buf, sizeof buf, "%s", path);
  char *base = strrchr(buf, '/');
  if (!base) die("mount point %s is not absolute", path);
  *base = '\0';
  int parent = open_in_root(*buf ? buf : "/", O_PATH | O_DIRECTORY);
  if (parent < 0) die("open %s", *buf ? buf : "/");
  if (want_file) {
    int f = openat(parent, base + 1, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (f < 0 && errno != EEXIST) die("create %s", path);
    if (f >= 0) close(f);
  } else if (mkdirat(parent, base + 1, 0755) < 0 && errno != EEXIST) {
    die("mkdir %s", path);
  }
  close(parent);
  fd = open_in_root(path, O_PATH);
  if (fd < 0) die("open mount point %s", path);
  return fd;
}

static void fdpath(char *buf, size_t size, int fd) {
  snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* mount(2) onto a path inside the root. */
static void mount_in_root(const char *src, const char *target, const char *type,
                          unsigned long flags, const char *data, int want_file) {
  int fd = mountpoint_in_root(target, want_file);
  char p[64];
  fdpath(p, sizeof p, fd);
  if (mount(src, p, type, flags, data) < 0) die("mount %s on %s", type ? type : src, target);
  close(fd);
}

static void remount_ro(const char *target, unsigned long extra) {
  int fd = open_in_root(target, O_PATH);
  if (fd < 0) die("open %s", target);
  char p[64];
  fdpath(p, sizeof p, fd);
  if (mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | extra, NULL) < 0)
    die("remount %s read-only", target);
  close(fd);
}

/* ------------------------------------------------------------------------------------------ */
/* the root filesystem */

/* Overlay on rootfs. The mount's option string is limited to one page, so the layers are not
 * named by their paths: each lower, the upper and the work directory is opened and named by its
 * descriptor number, relative to /proc/self/fd (our cwd during the mount). Five bytes a layer:
 * the kernel's limit of 500 layers fits, and paths may hold ',' or ':'. */
static void mount_overlay(void) {
  size_t size = 64;
  int *fds = calloc((size_t)cfg.nlower + 2, sizeof(int));
  if (!fds) die("malloc");
  for (int i = 0; i < cfg.nlower + 2; i++) {
    const char *dir = i < cfg.nlower ? cfg.lower[i] : i == cfg.nlower ? cfg.upper : cfg.work;
    fds[i] = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fds[i] < 0) die("open %s", dir);
    size += 12;
  }
  char *opts = malloc(size);
  if (!opts) die("malloc");
  char *o = opts;
  o += sprintf(o, "lowerdir=");
  for (int i = 0; i < cfg.nlower; i++) o += sprintf(o, "%s%d", i ? ":" : "", fds[i]);
  sprintf(o, ",upperdir=%d,workdir=%d", fds[cfg.nlower], fds[cfg.nlower + 1]);
  if (strlen(opts) >= 4096) {
    errno = 0;
    die("overlay options exceed one page (%zu bytes, %d layers)", strlen(opts), cfg.nlower);
  }
  int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (cwd < 0) die("open the working directory");
  if (chdir("/proc/self/fd") < 0) die("chdir /proc/self/fd");
  if (mount("overlay", cfg.rootfs, "overlay", 0, opts) < 0) {
    die("mount overlay on %s (%d layers)", cfg.rootfs, cfg.nlower);
  }
  if (fchdir(cwd) < 0) die("chdir back");
  close(cwd);
  for (int i = 0; i < cfg.nlower + 2; i++) close(fds[i]);
  free(fds);
  free(opts);
}

static void mknod_dev(const char *name, unsigned maj, unsigned min) {
  char target[64];
  snprintf(target, sizeof target, "/dev/%s", name);
  int dev = open_in_root("/dev", O_PATH | O_DIRECTORY);
  if (dev < 0) die("open /dev");
  if (mknodat(dev, name, S_IFCHR | 0666, makedev(maj, min)) == 0) {
    fchmodat(dev, name, 0666, 0); /* umask */
    close(dev);
    return;
  }
  close(dev);
  /* no mknod (a user namespace, say): bind the host's node instead */
  int hostfd = open(target, O_PATH | O_CLOEXEC);
  if (hostfd < 0) die("open host %s", target);
  char p[64];
  fdpath(p, sizeof p, hostfd);
  mount_in_root(p, target, NULL, MS_BIND, NULL, 1);
  close(hostfd);
}

static void symlink_in_root(const char *target, const char *dir, const char *name) {
  int d = open_in_root(dir, O_PATH | O_DIRECTORY);
  if (d < 0) die("open %s", dir);
  if (symlinkat(target, d, name) < 0 && errno != EEXIST) die("symlink %s/%s", dir, name);
  close(d);
}

/* /dev/shm: a tmpfs of its own; with the host's IPC namespace the host's (shm-source, bound);
 * none with ipc=none. */
static void mount_shm(void) {
  if (cfg.ipc_mode && !strcmp(cfg.ipc_mode, "none")) return;
  if (cfg.shm_source) {
    int fd = open(cfg.shm_source, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) die("open %s", cfg.shm_source);
    char p[64];
    fdpath(p, sizeof p, fd);
    mount_in_root(p, "/dev/shm", NULL, MS_BIND | MS_REC, NULL, 0);
    close(fd);
    return;
  }
  char shm[64];
  snprintf(shm, sizeof shm, "mode=1777,size=%s", cfg.shm_size ? cfg.shm_size : "65536k");
  mount_in_root("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, shm, 0);
}

/* setns into the namespace file at path (of type nstype). */
static void join_namespace(const char *path, int nstype) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open %s (is the container it names running?)", path);
  if (setns(fd, nstype) < 0) die("setns %s", path);
  close(fd);
}

/* With a shared PID namespace (pid=host or joined) the kernel does not kill what the container
 * leaves behind when init exits: init kills what is still in its cgroup (the processes of this
 * container only) before it goes. */
static int leftover_procs = -1;

static void open_leftovers(void) {
  if (!cfg.pid_mode || cfg.ncgroups == 0) return;
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/cgroup.procs", cfg.cgroups[0]);
  leftover_procs = open(path, O_RDONLY | O_CLOEXEC);
  if (leftover_procs < 0) die("open %s", path);
}

static void kill_leftovers(void) {
  if (leftover_procs < 0) return;
  static char buf[65536];
  for (int round = 0; round < 200; round++) {
    if (lseek(leftover_procs, 0, SEEK_SET) < 0) return;
    ssize_t n = read(leftover_procs, buf, sizeof buf - 1);
    if (n <= 0) return;
    buf[n] = '\0';
    int others = 0;
    char *save;
    for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
      pid_t pid = (pid_t)atoi(l);
      if (pid > 0 && pid != getpid()) {
        kill(pid, SIGKILL);
        others++;
      }
    }
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    if (!others) return;
    usleep(5000);
  }
}

static void mount_dev(void) {
  mount_in_root("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", 0);
  mknod_dev("null", 1, 3);
  mknod_dev("zero", 1, 5);
  mknod_dev("full", 1, 7);
  mknod_dev("random", 1, 8);
  mknod_dev("urandom", 1, 9);
  mknod_dev("tty", 5, 0);
  mount_in_root("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620,gid=5", 0);
  symlink_in_root("pts/ptmx", "/dev", "ptmx");
  mount_shm();
  int fd = mountpoint_in_root("/dev/mqueue", 0);
  char p[64];
  fdpath(p, sizeof p, fd);
  mount("mqueue", p, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL); /* optional */
  close(fd);
  symlink_in_root("/proc/self/fd", "/dev", "fd");
  symlink_in_root("/proc/self/fd/0", "/dev", "stdin");
  symlink_in_root("/proc/self/fd/1", "/dev", "stdout");
  symlink_in_root("/proc/self/fd/2", "/dev", "stderr");
  /* as runc: only when the kernel has it (CONFIG_PROC_KCORE), never a dangling link */
  if (access("/proc/kcore", F_OK) == 0) symlink_in_root("/proc/kcore", "/dev", "core");
}

/* As Docker's default masked and read-only paths. */
static const char *const masked[] = {"/proc/asound", "/proc/acpi", "/proc/interrupts",
                                     "/proc/kcore", "/proc/keys",
                                     "/proc/latency_stats", "/proc/timer_list",
                                     "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                                     "/sys/firmware", "/sys/devices/virtual/powercap"};
static const char *const readonly_paths[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                             "/proc/sysrq-trigger"};

static void mask_paths(void) {
  for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) {
    int fd = open_in_root(masked[i], O_PATH);
    if (fd < 0) {
      if (errno == ENOENT) continue;
      die("open %s", masked[i]);
    }
    struct stat st;
    if (fstat(fd, &st) < 0) die("stat %s", masked[i]);
    char p[64];
    fdpath(p, sizeof p, fd);
    if (S_ISDIR(st.st_mode)) {
      if (mount("tmpfs", p, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0") < 0)
        die("mask %s", masked[i]);
    } else {
      int null = open_in_root("/dev/null", O_PATH);
      if (null < 0) die("open /dev/null");
      char n[64];
      fdpath(n, sizeof n, null);
      if (mount(n, p, NULL, MS_BIND, NULL) < 0) die("mask %s", masked[i]);
      close(null);
    }
    close(fd);
  }
  for (size_t i = 0; i < sizeof readonly_paths / sizeof readonly_paths[0]; i++) {
    int fd = open_in_root(readonly_paths[i], O_PATH);
    if (fd < 0) {
      if (errno == ENOENT) continue;
      die("open %s", readonly_paths[i]);
    }
    char p[64];
    fdpath(p, sizeof p, fd);
    if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) < 0) die("bind %s", readonly_paths[i]);
    close(fd);
    remount_ro(readonly_paths[i], MS_NOSUID | MS_NODEV | MS_NOEXEC);
  }
}

/* As moby: /sys/devices/system/cpu/cpuN/thermal_throttle for every CPU N, found as the container
 * starts. */
static void mask_thermal_throttle(void) {
  int cpus = open_in_root("/sys/devices/system/cpu", O_RDONLY | O_DIRECTORY);
  if (cpus < 0) return;
  DIR *d = fdopendir(cpus);
  if (!d) die("fdopendir /sys/devices/system/cpu");
  struct dirent *e;
  while ((e = readdir(d))) {
    const char *n = e->d_name + 3;
    if (strncmp(e->d_name, "cpu", 3) || !*n || strspn(n, "0123456789") != strlen(n)) continue;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/%s/thermal_throttle", e->d_name);
    int fd = open_in_root(path, O_PATH | O_DIRECTORY);
    if (fd < 0) continue;
    char p[64];
    fdpath(p, sizeof p, fd);
    if (mount("tmpfs", p, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0") < 0)
      die("mask %s", path);
    close(fd);
  }
  closedir(d);
}

/* The device records' nodes (--device, a privileged container's host devices): made in the
 * container's /dev tree (parents created, an existing node replaced) with the host node's type,
 * numbers, mode and owner. */
static void make_devices(void) {
  for (int i = 0; i < cfg.ndevices; i++) {
    char type;
    unsigned maj, min, mode, uid, gid;
    int at = 0;
    errno = 0;
    if (sscanf(cfg.devices[i], "%c %u %u %o %u %u %n", &type, &maj, &min, &mode, &uid, &gid,
               &at) != 6 || (type != 'c' && type != 'b') || cfg.devices[i][at] != '/')
      die("config: device=%s is not TYPE MAJOR MINOR MODE UID GID PATH", cfg.devices[i]);
    const char *path = cfg.devices[i] + at;
    mkdir_parents_in_root(path, 0755);
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    char *base = strrchr(buf, '/');
    *base = '\0';
    int dir = open_in_root(*buf ? buf : "/", O_PATH | O_DIRECTORY);
    if (dir < 0) die("open %s", *buf ? buf : "/");
    if (unlinkat(dir, base + 1, 0) < 0 && errno != ENOENT) die("replace %s", path);
    mode_t kind = type == 'c' ? S_IFCHR : S_IFBLK;
    if (mknodat(dir, base + 1, kind | (mode & 07777), makedev(maj, min)) < 0)
      die("mknod %s", path);
    if (fchownat(dir, base + 1, uid, gid, AT_SYMLINK_NOFOLLOW) < 0) die("chown %s", path);
    if (fchmodat(dir, base + 1, mode & 07777, 0) < 0) die("chmod %s", path); /* umask */
    close(dir);
  }
}

/* sysctl records, written in the container's own namespaces (init, after unshare: /proc/sys/net
 * and the IPC sysctls show the writer's namespaces). Java allows namespaced ones only. */
static void apply_sysctls(void) {
  for (int i = 0; i < cfg.nsysctls; i++) {
    char path[PATH_MAX];
    const char *eq = strchr(cfg.sysctls[i], '=');
    if (!eq || strstr(cfg.sysctls[i], "..")) die("config: sysctl=%s is not PATH=VALUE", cfg.sysctls[i]);
    snprintf(path, sizeof path, "/proc/sys/%.*s", (int)(eq - cfg.sysctls[i]), cfg.sysctls[i]);
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) die("sysctl %s", path + 10);
    if (write_all(fd, eq + 1, strlen(eq + 1)) < 0) die("sysctl %s=%s", path + 10, eq + 1);
    close(fd);
  }
}

/* rlimit records and oom-score-adj, set in init before it forks: every process inherits them.
 * A limit above hoist's own hard limit needs CAP_SYS_RESOURCE (Java refuses it first). */
static void apply_process_limits(void) {
  static const char *const names[] = {"cpu", "fsize", "data", "stack", "core", "rss", "nproc",
                                      "nofile", "memlock", "as", "locks", "sigpending",
                                      "msgqueue", "nice", "rtprio", "rttime"};
  for (int i = 0; i < cfg.nrlimits; i++) {
    int res;
    long long soft, hard;
    errno = 0;
    if (sscanf(cfg.rlimits[i], "%d %lld %lld", &res, &soft, &hard) != 3 || res < 0 || res > 15)
      die("config: rlimit=%s is not RESOURCE SOFT HARD", cfg.rlimits[i]);
    struct rlimit rl = {soft < 0 ? RLIM_INFINITY : (rlim_t)soft,
                        hard < 0 ? RLIM_INFINITY : (rlim_t)hard};
    if (setrlimit(res, &rl) < 0)
      die("ulimit %s=%lld:%lld (raising a hard limit needs CAP_SYS_RESOURCE)", names[res], soft,
          hard);
  }
  /* Always the container's (Docker's 0 by default), never hoist's own: written unless it is
   * already that value. */
  if (cfg.oom_score_adj) {
    int fd = open("/proc/self/oom_score_adj", O_RDWR | O_CLOEXEC);
    if (fd < 0) die("open /proc/self/oom_score_adj");
    char now[16] = "";
    ssize_t n = read(fd, now, sizeof now - 1);
    if (n > 0 && now[n - 1] == '\n') n--;
    if (n > 0 && (size_t)n == strlen(cfg.oom_score_adj) && !memcmp(now, cfg.oom_score_adj, n)) {
      close(fd);
      return;
    }
    if (lseek(fd, 0, SEEK_SET) < 0 ||
        write_all(fd, cfg.oom_score_adj, strlen(cfg.oom_score_adj)) < 0)
      die("oom-score-adj %s (a value below hoist's own needs CAP_SYS_RESOURCE)", cfg.oom_score_adj);
    close(fd);
  }
}

static void bind_file(const char *src, const char *dst) {
  int fd = open(src, O_PATH | O_CLOEXEC);
  if (fd < 0) die("open %s", src);
  char p[64];
  fdpath(p, sizeof p, fd);
  mount_in_root(p, dst, NULL, MS_BIND, NULL, 1);
  close(fd);
}

/* The container's /sys/fs/cgroup, read-only, from the cgroupfs records ("TYPE NAME [DATA]"):
 * on v2 the cgroup2 file system itself (NAME "/"); on v1 and hybrid hosts a tmpfs holding each
 * hierarchy (and "unified"), with a link for each controller of a co-mounted one (cpu ->
 * cpu,cpuacct), as runc does. Mounted in the cgroup namespace: each shows the container's own
 * cgroup as its root. */
static void mount_cgroupfs(void) {
  const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
  int tmpfs = 0;
  for (int i = 0; i < cfg.ncgroupfs; i++) {
    char rec[512], target[600];
    if (snprintf(rec, sizeof rec, "%s", cfg.cgroupfs[i]) >= (int)sizeof rec) die("cgroupfs too long");
    char *type = rec, *name = strchr(rec, ' ');
    if (!name) die("config: cgroupfs=%s is not TYPE NAME [DATA]", cfg.cgroupfs[i]);
    *name++ = '\0';
    char *data = strchr(name, ' ');
    if (data) *data++ = '\0';
    if (!strcmp(name, "/")) {
      mount_in_root(type, "/sys/fs/cgroup", type, ro, data, 0);
      continue;
    }
    if (!tmpfs) {
      mount_in_root("tmpfs", "/sys/fs/cgroup", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    "mode=755,size=64k", 0);
      tmpfs = 1;
    }
    snprintf(target, sizeof target, "/sys/fs/cgroup/%s", name);
    mount_in_root(type, target, type, ro, data, 0);
    if (strchr(name, ',')) {
      char parts[256];
      snprintf(parts, sizeof parts, "%s", name);
      for (char *save, *c = strtok_r(parts, ",", &save); c; c = strtok_r(NULL, ",", &save))
        symlink_in_root(name, "/sys/fs/cgroup", c);
    }
  }
  if (tmpfs) remount_ro("/sys/fs/cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC);
}

/* A tmpfs record's mount flags: nosuid and nodev, read-only when its data begins with "ro,",
 * then noexec when it goes on with "noexec," (a container's, as Docker's); the rest of the data
 * goes to data. */
static unsigned long tmpfs_flags(const char *record, char *data, size_t size) {
  unsigned long flags = MS_NOSUID | MS_NODEV;
  if (!strncmp(record, "ro,", 3)) {
    flags |= MS_RDONLY;
    record += 3;
  }
  if (!strncmp(record, "noexec,", 7)) {
    flags |= MS_NOEXEC;
    record += 7;
  }
  if (snprintf(data, size, "%s", record) >= (int)size) die("config: tmpfs-data too long");
  return flags;
}

static void setup_rootfs(void) {
  /* Nothing we mount may propagate back to the host. */
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) die("make / private");
  /* Sources of bind mounts are host paths: open them before anything changes. */
  for (int i = 0; i < cfg.nbinds; i++) {
    cfg.binds[i].srcfd = open(cfg.binds[i].src, O_PATH | O_CLOEXEC);
    if (cfg.binds[i].srcfd < 0) die("bind source %s", cfg.binds[i].src);
  }
  mount_overlay();
  rootfd = open(cfg.rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) die("open %s", cfg.rootfs);

  mount_in_root("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0);
  mount_in_root("sysfs", "/sys", "sysfs",
                (cfg.privileged ? 0 : MS_RDONLY) | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0);
  mount_cgroupfs();
  mount_dev();
  make_devices();
  if (cfg.hostname_file) bind_file(cfg.hostname_file, "/etc/hostname");
  if (cfg.hosts) bind_file(cfg.hosts, "/etc/hosts");
  if (cfg.resolv) bind_file(cfg.resolv, "/etc/resolv.conf");
  for (int i = 0; i < cfg.nbinds; i++) {
    struct bind *b = &cfg.binds[i];
    struct stat st;
    if (fstat(b->srcfd, &st) < 0) die("stat %s", b->src);
    char p[64];
    fdpath(p, sizeof p, b->srcfd);
    mount_in_root(p, b->dst, NULL, MS_BIND | MS_REC, NULL, !S_ISDIR(st.st_mode));
    if (b->ro) remount_ro(b->dst, 0);
    close(b->srcfd);
  }
  for (int i = 0; i < cfg.ntmpfs; i++) {
    char data[512];
    unsigned long flags = tmpfs_flags(cfg.tmpfs_data[i], data, sizeof data);
    mount_in_root("tmpfs", cfg.tmpfs[i], "tmpfs", flags, data, 0);
  }
  if (!cfg.privileged) {
    mask_paths();
    mask_thermal_throttle();
  }

  /* pivot_root(".", "."): the old root ends up stacked under the new one; detach it. */
  if (fchdir(rootfd) < 0) die("chdir to the root");
  if (syscall(SYS_pivot_root, ".", ".") < 0) die("pivot_root");
  if (umount2(".", MNT_DETACH) < 0) die("detach the old root");
  if (chdir("/") < 0) die("chdir /");
  close(rootfd);
  rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) die("open /");
  if (cfg.readonly && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
    die("remount / read-only");
}

/* Enters the network namespace hoist prepared (a bridge's veth inside: netns=PATH). */
static void join_netns(void) {
  int fd = open(cfg.netns, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open netns %s", cfg.netns);
  if (setns(fd, CLONE_NEWNET) < 0) die("setns %s", cfg.netns);
  close(fd);
}

static void loopback_up(void) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) die("SIOCGIFFLAGS lo");
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) die("bring lo up");
  close(s);
}

/* Cgroups: the Java side creates the container's cgroup directories and writes their limits;
 * the container's init (and every exec'd process) joins each as its first step, so everything it
 * starts is accounted and limited there, while the outer shim (the relay) stays outside: it is
 * never frozen by a pause nor counted by pids.max. "0" is the writing process itself. */
static int cgroup_fds[32];

/* Opens each cgroup's cgroup.procs (while the host's /sys is still in reach). */
static void open_cgroups(void) {
  for (int i = 0; i < cfg.ncgroups; i++) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/cgroup.procs", cfg.cgroups[i]);
    cgroup_fds[i] = open(path, O_WRONLY | O_CLOEXEC);
    if (cgroup_fds[i] < 0) die("open %s", path);
  }
}

static void join_cgroups(void) {
  for (int i = 0; i < cfg.ncgroups; i++) {
    if (write(cgroup_fds[i], "0\n", 2) != 2) die("join %s", cfg.cgroups[i]);
    close(cgroup_fds[i]);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* cgroup confinement: Docker's device rules on cgroup v2, the cgroup namespace, and the
 * container's read-only /sys/fs/cgroup. (On v1 the Java side writes the device rules to the
 * devices controller; on a hybrid host both apply.) */

struct device_rule {
  int type;             /* BPF_DEVCG_DEV_CHAR or BPF_DEVCG_DEV_BLOCK */
  long major, minor;    /* -1: any */
  unsigned access;      /* BPF_DEVCG_ACC_* bits */
};

/* "c 136:* rwm" (as the v1 devices.allow file takes it). */
static struct device_rule parse_device_rule(const char *s) {
  struct device_rule r = {0, -1, -1, 0};
  char type, major[16], minor[16], access[8];
  errno = 0;
  if (sscanf(s, "%c %15[0-9*]:%15[0-9*] %7s", &type, major, minor, access) != 4 ||
      (type != 'c' && type != 'b'))
    die("config: device-allow=%s is not TYPE MAJOR:MINOR ACCESS", s);
  r.type = type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK;
  if (strcmp(major, "*")) r.major = (long)parse_num("device-allow", major);
  if (strcmp(minor, "*")) r.minor = (long)parse_num("device-allow", minor);
  for (const char *a = access; *a; a++) {
    if (*a == 'r') r.access |= BPF_DEVCG_ACC_READ;
    else if (*a == 'w') r.access |= BPF_DEVCG_ACC_WRITE;
    else if (*a == 'm') r.access |= BPF_DEVCG_ACC_MKNOD;
    else die("config: device-allow=%s: access is not a subset of rwm", s);
  }
  return r;
}

static struct bpf_insn insn(__u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm) {
  struct bpf_insn i;
  memset(&i, 0, sizeof i);
  i.code = code;
  i.dst_reg = dst;
  i.src_reg = src;
  i.off = off;
  i.imm = imm;
  return i;
}

#define ALL_ACCESS (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD)
#define MAX_DEVICE_INSNS (6 + 64 * 8 + 2)

/* A BPF_PROG_TYPE_CGROUP_DEVICE program: 1 (allow) when a rule covers the device and the access
 * asked, else 0 (deny). ctx is struct bpf_cgroup_dev_ctx: access_type (access << 16 | type),
 * major, minor. Returns the number of instructions. */
static int device_program(struct bpf_insn *p) {
  int n = 0;
  p[n++] = insn(BPF_LDX | BPF_W | BPF_MEM, 2, 1, 0, 0);          /* r2 = access_type */
  p[n++] = insn(BPF_ALU64 | BPF_AND | BPF_K, 2, 0, 0, 0xffff);   /* r2 = type */
  p[n++] = insn(BPF_LDX | BPF_W | BPF_MEM, 3, 1, 0, 0);
  p[n++] = insn(BPF_ALU64 | BPF_RSH | BPF_K, 3, 0, 0, 16);       /* r3 = access */
  p[n++] = insn(BPF_LDX | BPF_W | BPF_MEM, 4, 1, 4, 0);          /* r4 = major */
  p[n++] = insn(BPF_LDX | BPF_W | BPF_MEM, 5, 1, 8, 0);          /* r5 = minor */
  for (int i = 0; i < cfg.ndevice_allow; i++) {
    struct device_rule r = parse_device_rule(cfg.device_allow[i]);
    int len = 1 + (r.access != ALL_ACCESS ? 3 : 0) + (r.major >= 0) + (r.minor >= 0) + 2;
    int next = n + len; /* each test jumps there on a mismatch */
    p[n] = insn(BPF_JMP | BPF_JNE | BPF_K, 2, 0, (__s16)(next - n - 1), r.type);
    n++;
    if (r.access != ALL_ACCESS) { /* nothing asked beyond what the rule grants */
      p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_X, 1, 3, 0, 0);
      p[n++] = insn(BPF_ALU64 | BPF_AND | BPF_K, 1, 0, 0, (__s32)~r.access);
      p[n] = insn(BPF_JMP | BPF_JNE | BPF_K, 1, 0, (__s16)(next - n - 1), 0);
      n++;
    }
    if (r.major >= 0) {
      p[n] = insn(BPF_JMP | BPF_JNE | BPF_K, 4, 0, (__s16)(next - n - 1), (__s32)r.major);
      n++;
    }
    if (r.minor >= 0) {
      p[n] = insn(BPF_JMP | BPF_JNE | BPF_K, 5, 0, (__s16)(next - n - 1), (__s32)r.minor);
      n++;
    }
    p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1);
    p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  }
  p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
  p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  return n;
}

static int load_device_program(void) {
  static struct bpf_insn prog[MAX_DEVICE_INSNS];
  static char log[65536];
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insn_cnt = (__u32)device_program(prog);
  attr.insns = (__u64)(unsigned long)prog;
  attr.license = (__u64)(unsigned long)"Apache";
  attr.log_buf = (__u64)(unsigned long)log;
  attr.log_size = sizeof log;
  attr.log_level = 1;
  int fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
  if (fd < 0) die("load the device cgroup program (%.400s)", log);
  return fd;
}

/* Attaches the device program to each of the container's cgroups on a cgroup2 file system
 * (outer, before init joins them). */
static void attach_device_filters(void) {
  int prog = -1;
  for (int i = 0; i < cfg.ncgroups; i++) {
    struct statfs st;
    if (statfs(cfg.cgroups[i], &st) < 0) die("statfs %s", cfg.cgroups[i]);
    if (st.f_type != CGROUP2_SUPER_MAGIC) continue;
    if (prog < 0) prog = load_device_program();
    int dir = open(cfg.cgroups[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) die("open %s", cfg.cgroups[i]);
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.target_fd = (__u32)dir;
    attr.attach_bpf_fd = (__u32)prog;
    attr.attach_type = BPF_CGROUP_DEVICE;
    if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof attr) < 0)
      die("attach the device program to %s", cfg.cgroups[i]);
    close(dir);
  }
  if (prog >= 0) close(prog); /* the attachment keeps the program */
}

/* init, once in its cgroups: they become the root of what it and its descendants see. */
static void enter_cgroup_namespace(void) {
  if (unshare(CLONE_NEWCGROUP) < 0) die("unshare cgroup namespace");
}

/* exec: the running container's cgroup namespace (opened while the host's /proc is in reach). */
static void join_cgroup_namespace(pid_t init) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/ns/cgroup", (int)init);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open %s (is the container running?)", path);
  if (setns(fd, CLONE_NEWCGROUP) < 0) die("join the container's cgroup namespace");
  close(fd);
}

/* ------------------------------------------------------------------------------------------ */
/* capabilities */

static const int default_caps[] = {CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER,
                                   CAP_MKNOD, CAP_NET_RAW, CAP_SETGID, CAP_SETUID,
                                   CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE,
                                   CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE};

static int is_default_cap(int cap) {
  for (size_t i = 0; i < sizeof default_caps / sizeof default_caps[0]; i++)
    if (default_caps[i] == cap) return 1;
  return 0;
}

static unsigned long long default_cap_mask(void) {
  unsigned long long mask = 0;
  for (int cap = 0; cap < 64; cap++)
    if (is_default_cap(cap)) mask |= 1ULL << cap;
  return mask;
}

/* Drops from the bounding set every capability not in mask. */
static void drop_bounding(unsigned long long mask) {
  for (int cap = 0; cap < 64; cap++) {
    if (mask & (1ULL << cap)) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) die("drop capability %d", cap);
  }
}

/* effective = permitted = mask; inheritable and ambient empty (as Docker since
 * CVE-2022-24769). */
static void set_caps(unsigned long long mask) {
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  for (int c = 0; c < 64; c++) {
    if (!(mask & (1ULL << c))) continue;
    data[c / 32].effective |= 1U << (c % 32);
    data[c / 32].permitted |= 1U << (c % 32);
  }
  if (syscall(SYS_capset, &hdr, data) < 0) die("capset");
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    die("clear ambient capabilities");
}

/* ------------------------------------------------------------------------------------------ */
/* the three processes */

static void mkdir_p(const char *path) {
  int fd = open_in_root(path, O_PATH | O_DIRECTORY);
  if (fd >= 0) {
    close(fd);
    return;
  }
  char buf[PATH_MAX];
  snprintf(buf, sizeof buf, "%s/", path);
  mkdir_parents_in_root(buf, 0755);
}

/* The pty's master, opened in the container's own devpts (/dev/pts/ptmx inside its root). */
static int open_pty_master(void) {
  int master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) die("open /dev/pts/ptmx");
  if (unlockpt(master) < 0) die("unlockpt");
  return master;
}

/* As runc with a terminal (and so docker run -t): the pty's slave bound on /dev/console (the
 * root is the container's already; /dev is its own tmpfs). */
static void bind_console(int master) {
  char slave[64];
  if (ptsname_r(master, slave, sizeof slave) != 0) die("ptsname");
  int fd = open("/dev/console", O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) die("create /dev/console");
  close(fd);
  if (mount(slave, "/dev/console", NULL, MS_BIND, NULL) < 0) die("bind %s on /dev/console", slave);
}

/* Makes the slave of master the controlling terminal and stdin/out/err (a session leader). */
static void take_terminal(int master) {
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
  if (slave < 0) die("open the pty's slave");
  if (ioctl(slave, TIOCSCTTY, 0) < 0) die("TIOCSCTTY");
  for (int fd = 0; fd < 3; fd++) {
    if (dup2(slave, fd) < 0) die("dup2 the terminal");
  }
  if (slave > 2) close(slave);
  close(master);
}

/* init's capabilities: the container's, plus CAP_KILL (signals to any user), CAP_SETUID,
 * CAP_SETGID, CAP_SETPCAP (the user process switches user and drops the bounding set to the
 * container's before its exec) and, without no_new_privs, CAP_SYS_ADMIN (loading the seccomp
 * filter then needs it). init only relays signals and reaps; it is not dumpable. */
static unsigned long long init_caps(void) {
  unsigned long long keep = cfg.caps | (1ULL << CAP_KILL) | (1ULL << CAP_SETUID) |
                            (1ULL << CAP_SETGID) | (1ULL << CAP_SETPCAP);
  if (!cfg.nnp) keep |= 1ULL << CAP_SYS_ADMIN;
  return keep;
}

/* Loads the container's seccomp filter (if any) once in this process. */
static int filtered;

static void apply_filter(void) {
  if (filtered) return;
  if (shim_seccomp_apply() < 0) die("load the seccomp filter");
  filtered = 1;
}

/* With an init: the read end of the pipe init writes one byte to once it has loaded its own
 * filter; the user process execs only then (see init_process). -1: no init. */
static int init_filtered_fd = -1;

static void await_filtered_init(void) {
  if (init_filtered_fd < 0) return;
  char byte;
  ssize_t n;
  do n = read(init_filtered_fd, &byte, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1) die("init did not load the seccomp filter");
  close(init_filtered_fd);
}

static void user_process(const sigset_t *original, int master) __attribute__((noreturn));
static void user_process(const sigset_t *original, int master) {
  who = "hoist-shim (user process)";
  umask(022); /* as runc (and so Docker): never hoist's own umask */
  /* without an init, PID 1 is already a session leader (init_process's setsid) */
  if (getsid(0) != getpid() && setsid() < 0) die("setsid");
  if (master >= 0) take_terminal(master);
  mkdir_p(cfg.cwd);
  if (chdir(cfg.cwd) < 0) die("chdir %s", cfg.cwd);
  /* Without no_new_privs, loading the filter needs CAP_SYS_ADMIN: before the user and the
   * capabilities change (as runc); with it, as late as possible. */
  if (!cfg.nnp) apply_filter();
  drop_bounding(cfg.caps); /* init keeps a few more; see init_caps */
  if (setgroups((size_t)cfg.ngroups, cfg.groups) < 0) die("setgroups");
  if (setresgid(cfg.gid, cfg.gid, cfg.gid) < 0) die("setgid %u", (unsigned)cfg.gid);
  int pdeathsig = 0;
  if (prctl(PR_GET_PDEATHSIG, &pdeathsig, 0, 0, 0) < 0) die("pdeathsig");
  pid_t parent = getppid();
  if (setresuid(cfg.uid, cfg.uid, cfg.uid) < 0) die("setuid %u", (unsigned)cfg.uid);
  /* A change of user clears the parent-death signal: an exec'd process, and the command that
   * is PID 1 without an init, must still die with the shim that supervises it. */
  if (pdeathsig && prctl(PR_SET_PDEATHSIG, pdeathsig, 0, 0, 0) < 0) die("pdeathsig");
  if (pdeathsig && getppid() != parent) _exit(137); /* it died before the signal was re-armed */
  set_caps(cfg.uid == 0 ? cfg.caps : 0);
  if (cfg.nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
  reset_signals(original);
  environ = (char **)cfg.env; /* execvp searches the container's PATH */
  if (cfg.nnp) apply_filter();
  await_filtered_init();
  execvp(cfg.argv[0], (char *const *)cfg.argv);
  int code = errno == ENOENT ? 127 : 126;
  dprintf(2, "hoist-shim: exec %s: %s\n", cfg.argv[0], strerror(errno));
  _exit(code);
}

/* init tells outer that the container is set up by sending one byte over a socket pair, with
 * the pty's master attached when there is one. */
struct ready_msg {
  char byte;
  struct iovec iov;
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg;
};

static void ready_msg_init(struct ready_msg *m, int with_fd) {
  memset(m, 0, sizeof *m);
  m->byte = 'R';
  m->iov.iov_base = &m->byte;
  m->iov.iov_len = 1;
  m->msg.msg_iov = &m->iov;
  m->msg.msg_iovlen = 1;
  if (with_fd) {
    m->msg.msg_control = m->control.buf;
    m->msg.msg_controllen = sizeof m->control.buf;
  }
}

static void send_ready(int sock, int master) {
  struct ready_msg m;
  ready_msg_init(&m, master >= 0);
  if (master >= 0) {
    struct cmsghdr *c = CMSG_FIRSTHDR(&m.msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &master, sizeof(int));
  }
  if (sendmsg(sock, &m.msg, MSG_NOSIGNAL) != 1) die("tell the outer shim we are ready");
}

/* 1 once init is ready (the master, if any, in *master), 0 when init died during setup. */
static int receive_ready(int sock, int *master) {
  struct ready_msg m;
  ready_msg_init(&m, 1);
  ssize_t r;
  do {
    r = recvmsg(sock, &m.msg, MSG_CMSG_CLOEXEC);
  } while (r < 0 && errno == EINTR);
  if (r != 1) return 0;
  struct cmsghdr *c = CMSG_FIRSTHDR(&m.msg);
  if (c && c->cmsg_type == SCM_RIGHTS) memcpy(master, CMSG_DATA(c), sizeof(int));
  return 1;
}

/* <pidfile> holds init's host PID once the container is set up (hoist exec joins it). */
static void write_pidfile(pid_t pid) {
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", cfg.pidfile) >= (int)sizeof tmp) die("pidfile too long");
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) die("create %s", tmp);
  if (dprintf(fd, "%d\n", (int)pid) < 0) die("write %s", tmp);
  close(fd);
  if (rename(tmp, cfg.pidfile) < 0) die("rename %s", tmp);
}

static struct winsize initial_winsize;

static void init_process(int parent_alive, int ready, const sigset_t *original)
    __attribute__((noreturn));
static void init_process(int parent_alive, int ready, const sigset_t *original) {
  who = "hoist-shim (init)";
  hide_command_line();
  close_winsize_dir(); /* a host directory: nothing inside the container keeps it */
  /* If the outer shim dies (SIGKILL from hoist), the whole container goes with it. */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) die("pdeathsig");
  struct pollfd pfd = {parent_alive, POLLIN, 0};
  if (poll(&pfd, 1, 0) > 0) _exit(137); /* the outer shim is already gone */
  close(parent_alive);
  open_cgroups();
  if (!cfg.noinit) open_leftovers(); /* without an init, the outer shim kills the leftovers */
  join_cgroups();
  enter_cgroup_namespace();
  if (setsid() < 0) die("setsid");
  /* with a shared PID namespace init is not its reaper: orphans come to init all the same */
  if (cfg.pid_mode && !cfg.noinit && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    die("child subreaper");
  if (shim_join_session_keyring() < 0) die("join a new session keyring");

  if (cfg.netns && !cfg.host_network) join_netns();
  int new_net = !cfg.host_network && !cfg.netns;
  int own_ipc = !cfg.ipc_mode || !strcmp(cfg.ipc_mode, "none");
  if (cfg.ipc_mode && cfg.ipc_mode[0] == '/') join_namespace(cfg.ipc_mode, CLONE_NEWIPC);
  int flags = CLONE_NEWNS | (cfg.uts_host ? 0 : CLONE_NEWUTS) | (own_ipc ? CLONE_NEWIPC : 0) |
              (new_net ? CLONE_NEWNET : 0);
  if (unshare(flags) < 0) die("unshare");
  apply_sysctls();
  setup_rootfs();
  if (!cfg.host_network) loopback_up();
  if (!cfg.uts_host && cfg.hostname && sethostname(cfg.hostname, strlen(cfg.hostname)) < 0)
    die("sethostname");
  if (!cfg.uts_host && cfg.domainname
      && setdomainname(cfg.domainname, strlen(cfg.domainname)) < 0)
    die("setdomainname");
  int master = cfg.tty ? open_pty_master() : -1;
  if (master >= 0) bind_console(master);
  /* The size is in place before the process can ask (init inherited the host's from outer). */
  if (master >= 0) ioctl(master, TIOCSWINSZ, &initial_winsize);

  apply_process_limits();
  /* init keeps only what it needs: the container's set, plus what it needs to signal any user and
   * what the user process needs to become its user and drop to that set. */
  unsigned long long keep = init_caps();
  drop_bounding(keep);
  set_caps(keep);
  if (cfg.nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
  /* Not dumpable: the container (without CAP_SYS_PTRACE) cannot open /proc/1/exe, /proc/1/fd,
   * /proc/1/mem; set last, since credential changes reset it. */
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die("not dumpable");

  if (cfg.noinit) {
    /* Docker's default: no init, the command itself is PID 1. init takes the user process's
     * steps itself and execs the command; the pidfile (written on ready) then names it. */
    send_ready(ready, master);
    close(ready);
    user_process(original, master);
  }
  /* As docker run --init's tini: the init runs under the container's filter too, or a process
   * of the container allowed to ptrace it (--cap-add SYS_PTRACE) could make it run the
   * syscalls the filter refuses (unshare, keyctl, ...). Its own syscalls (signalfd, wait4,
   * kill, ...) are all in Docker's profile. It loads it after the fork, as tini under runc
   * gets it: the user process loads its own as runc would for the command, after the switch
   * to the container's user with no_new_privs, so a profile that refuses setgroups, setresuid
   * or capset stops neither (it did when init loaded the filter first, and the user process
   * inherited it before its switch). The user process execs only once init is filtered: no
   * code of the container runs beside an init without the filter. */
  int filtered_pipe[2];
  if (pipe2(filtered_pipe, O_CLOEXEC) < 0) die("pipe");
  sigset_t set;
  wait_set(&set);
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    close(ready);
    close(filtered_pipe[1]);
    init_filtered_fd = filtered_pipe[0];
    user_process(original, master);
  }
  close(filtered_pipe[0]);
  apply_filter();
  if (write(filtered_pipe[1], "f", 1) != 1) die("tell the user process the filter is loaded");
  close(filtered_pipe[1]);
  send_ready(ready, master);
  close(ready);
  if (master >= 0) close(master);
  int code = supervise(child, &set, -1);
  kill_leftovers();
  _exit(code);
}

/* Blocks the forwarded signals (taken with a signalfd from then on) and installs the handlers
 * that keep them from being dropped; the original mask goes to *original. */
static void block_signals(sigset_t *set, sigset_t *original) {
  wait_set(set);
  if (sigprocmask(SIG_BLOCK, set, original) < 0) die("sigprocmask");
  install_noop_handlers();
}

/* parent=PID: the outer shim gets SIGKILL when the process that started it dies (a SIGKILLed
 * build), and init (whose own parent-death signal points at us) and the container with it. */
static void die_with_parent(void) {
  if (!cfg.parent) return;
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) die("pdeathsig");
  if (getppid() != cfg.parent) _exit(137); /* it was gone before the signal was armed */
}

/* hoist-shim CONFIG: a new container. */
static int run_container(void) {
  die_with_parent();
  /* Signals stay blocked from here on in outer and init; so a signal that arrives while init is
   * still being set up waits for it instead of being lost. */
  sigset_t set, original;
  block_signals(&set, &original);
  if (!cfg.pid_mode) {
    if (unshare(CLONE_NEWPID) < 0) die("unshare pid namespace");
  } else if (cfg.pid_mode[0] == '/') {
    join_namespace(cfg.pid_mode, CLONE_NEWPID); /* init, forked next, is in it */
  } else if (strcmp(cfg.pid_mode, "host")) {
    die("config: pid=%s is neither host nor a namespace's path", cfg.pid_mode);
  }
  if (cfg.tty) initial_winsize = host_winsize();
  int alive[2], ready[2];
  if (pipe2(alive, O_CLOEXEC) < 0) die("pipe");
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ready) < 0) die("socketpair");
  attach_device_filters();
  if (cfg.noinit) open_leftovers(); /* the command is no subreaper: outer kills the rest */
  pid_t init = fork();
  if (init < 0) die("fork");
  if (init == 0) {
    close(alive[1]);
    close(ready[0]);
    init_process(alive[0], ready[1], &original);
  }
  close(alive[0]);
  close(ready[1]);
  int master = -1;
  if (receive_ready(ready[0], &master)) {
    if (cfg.pidfile) write_pidfile(init);
  }
  close(ready[0]);
  if (master >= 0) {
    raw_terminal();
    copy_winsize(master);
  }
  int code = supervise(init, &set, master);
  kill_leftovers();
  restore_terminal();
  remove_winsize_file();
  return code;
}

/* hoist-shim CONFIG with join=PID: a further process in the running container whose init has
 * host PID `join`: its namespaces, its root, its cgroups. */
static int exec_in_container(void) {
  who = "hoist-shim (exec)";
  sigset_t set, original;
  block_signals(&set, &original);
  join_cgroup_namespace(cfg.join);
  static const char *const kinds[] = {"ipc", "uts", "net", "pid", "mnt"};
  int nsfd[5];
  char path[64];
  for (int i = 0; i < 5; i++) {
    snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)cfg.join, kinds[i]);
    nsfd[i] = open(path, O_RDONLY | O_CLOEXEC);
    if (nsfd[i] < 0) die("open %s (is the container running?)", path);
  }
  open_cgroups();
  snprintf(path, sizeof path, "/proc/%d/root", (int)cfg.join);
  int root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) die("open %s", path);
  for (int i = 0; i < 5; i++) {
    if (setns(nsfd[i], 0) < 0) die("join the container's %s namespace", kinds[i]);
    close(nsfd[i]);
  }
  if (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0) die("enter the container's root");
  close(root);
  rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0) die("open /");
  int master = cfg.tty ? open_pty_master() : -1;
  if (master >= 0) copy_winsize(master);

  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    hide_command_line();
    close_winsize_dir();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) die("pdeathsig");
    /* The container (same user, no CAP_SYS_PTRACE) must not reach into us before the exec. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die("not dumpable");
    join_cgroups();
    apply_process_limits(); /* the container's rlimits and OOM score, as its init's children */
    if (shim_join_session_keyring() < 0) die("join a new session keyring");
    user_process(&original, master); /* it drops the bounding set to the container's */
  }
  if (master >= 0) raw_terminal();
  int code = supervise(child, &set, master);
  restore_terminal();
  remove_winsize_file();
  return code;
}

/* hoist-shim --init ARG...: PID 1 inside a container made by another runtime, as docker run
 * --init's tini: the user process runs in its own process group (the terminal's foreground one,
 * when there is a terminal); signals go to it, every zombie is reaped. */
static int init_only(char **argv) {
  who = "hoist-shim (init)";
  sigset_t set, original;
  block_signals(&set, &original);
  /* As the shim's own init: the container cannot open /proc/1/exe, /proc/1/mem or its fds. */
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) die("not dumpable");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    who = "hoist-shim (user process)";
    setpgid(0, 0);
    if (isatty(0)) tcsetpgrp(0, getpid()); /* SIGTTOU is still blocked here */
    reset_signals(&original);
    execvp(argv[0], argv);
    int code = errno == ENOENT ? 127 : 126;
    dprintf(2, "hoist-shim: exec %s: %s\n", argv[0], strerror(errno));
    _exit(code);
  }
  return supervise(child, &set, -1);
}

/* hoist-shim --tty-relay [--winsize-dir DIR] ARG...: ARG gets a host pty as its stdio and
 * controlling terminal (runc run/exec in the foreground wants a terminal of its own when the
 * container has one); the relay copies between our stdio and the pty's master. With DIR, the
 * size the service asks for (DIR/winsize.PID, then SIGWINCH) goes onto the pty, and the kernel's
 * SIGWINCH makes runc size the container's console the same. */
static int tty_relay(char **argv) {
  who = "hoist-shim (tty relay)";
  if (argv[0] && argv[1] && argv[2] && !strcmp(argv[0], "--winsize-dir")) {
    cfg.winsize_dir = argv[1];
    argv += 2;
  }
  open_winsize_dir();
  sigset_t set, original;
  block_signals(&set, &original);
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) die("posix_openpt");
  if (grantpt(master) < 0 || unlockpt(master) < 0) die("unlockpt");
  copy_winsize(master);
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    if (setsid() < 0) die("setsid");
    take_terminal(master);
    reset_signals(&original);
    execvp(argv[0], argv);
    die("exec %s", argv[0]);
  }
  raw_terminal();
  int code = supervise(child, &set, master);
  restore_terminal();
  remove_winsize_file();
  return code;
}

int main(int argc, char **argv) {
  main_argv = argv;
  main_argc = argc;
  if (argc >= 3 && !strcmp(argv[1], "--tty-relay")) return tty_relay(argv + 2);
  if (argc >= 3 && !strcmp(argv[1], "--init")) {
    reexec_sealed(argv);
    return init_only(argv + 2);
  }
  if (argc == 3 && !strcmp(argv[1], "--umount")) {
    if (umount2(argv[2], MNT_DETACH) < 0) die("umount %s", argv[2]);
    return 0;
  }
  if (argc == 3 && !strcmp(argv[1], "--mount")) {
    read_config(argv[2], 1);
    mount_overlay();
    return 0;
  }
  if (argc != 2 || argv[1][0] == '-') {
    dprintf(2, "usage: hoist-shim CONFIG | --mount CONFIG | --umount DIR | --init ARG...\n");
    return 125;
  }
  reexec_sealed(argv);
  cfg.caps = default_cap_mask();
  cfg.nnp = 1;
  read_config(argv[1], 0);
  open_winsize_dir();
  return cfg.join ? exec_in_container() : run_container();
}
