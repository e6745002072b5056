/*
 * hoist-monitor: keeps a detached container's output and exit status after hoist has exited,
 * as conmon does for podman.
 *
 *   hoist-monitor CONFIG
 *
 * CONFIG (the container's monitor.conf, written by dev.hoist.internal.runtime.Containers) holds
 * NUL-terminated "key=value" records, as the shim's:
 *
 *   arg=...          (repeated) the command to run and keep: hoist's own attached run of the
 *                    container (java ... dev.hoist.internal.runtime.AttachedRun HOME ID), which starts
 *                    the runtime, waits for it and cleans up after it
 *   log=PATH         the log, Docker's json-file format: one JSON object per line,
 *                    {"log":"text\n","stream":"stdout","time":"2024-05-01T12:00:00.123456789Z"}
 *   pid=PATH         receives the command's PID once it runs
 *   exit=PATH        receives "CODE\nFINISHED-AT\n" when it has exited (128+N after signal N)
 *
 * Processes: the caller's process forks, the child calls setsid and forks the monitor proper,
 * which becomes a child subreaper, starts the command with stdout and stderr on pipes, writes the
 * PID file and tells the caller's process, which exits 0 (125 with a message when the monitor
 * could not start). The monitor then copies the pipes into the log line by line and, when the
 * command exits, writes the exit file. The command gets the monitor's environment. Plain libc and Linux system calls; built static.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_LIST 1024
#define LINE_MAX_BYTES 16384 /* as Docker, longer lines are split */

struct config {
  char *args[MAX_LIST];
  int nargs;
  const char *log, *pid, *exit;
};

static int ready_fd = -1;

/* Reports a failure to the caller's process (or stderr) and exits 125. */
static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...) {
  int saved = errno;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
  if (saved) snprintf(buf + n, sizeof buf - n, ": %s", strerror(saved));
  if (ready_fd >= 0) {
    dprintf(ready_fd, "E%s", buf);
  } else {
    dprintf(2, "hoist-monitor: %s\n", buf);
  }
  _exit(125);
}

static char *read_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("open %s", path);
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  for (;;) {
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
    }
    if (!buf) die("out of memory");
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) die("read %s", path);
    if (r == 0) break;
    n += r;
  }
  close(fd);
  buf[n] = 0;
  *len = n;
  return buf;
}

static void add(char **list, int *n, char *value) {
  if (*n >= MAX_LIST - 1) die("too many entries in monitor.conf");
  list[(*n)++] = value;
  list[*n] = NULL;
}

static void parse_config(const char *path, struct config *c) {
  size_t len;
  char *buf = read_file(path, &len);
  for (size_t i = 0; i < len;) {
    char *rec = buf + i;
    size_t rlen = strnlen(rec, len - i);
    if (i + rlen >= len) die("%s: record without its NUL terminator", path);
    i += rlen + 1;
    char *eq = strchr(rec, '=');
    if (!eq) die("%s: record without '=': %s", path, rec);
    *eq = 0;
    char *v = eq + 1;
    if (!strcmp(rec, "arg")) add(c->args, &c->nargs, v);
    else if (!strcmp(rec, "log")) c->log = v;
    else if (!strcmp(rec, "pid")) c->pid = v;
    else if (!strcmp(rec, "exit")) c->exit = v;
    else die("%s: unknown key %s", path, rec);
  }
  if (!c->nargs || !c->log || !c->pid || !c->exit) die("%s: needs arg, log, pid and exit", path);
}

/* Writes content to path through a temporary file and rename, so readers never see half. */
static void write_atomic(const char *path, const char *content) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) die("path too long: %s", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) die("create %s", tmp);
  size_t len = strlen(content);
  if (write(fd, content, len) != (ssize_t)len) die("write %s", tmp);
  fsync(fd);
  close(fd);
  if (rename(tmp, path) < 0) die("rename %s", tmp);
}

static void now_rfc3339(char *out, size_t size) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, size - n, ".%09ldZ", ts.tv_nsec);
}

/* ------------------------------------------------------------------------------------------ */
/* the log */

struct stream {
  const char *name;
  int fd;
  char buf[LINE_MAX_BYTES];
  size_t len;
};

static int log_fd = -1;

/* Length of the valid UTF-8 sequence at s (of at most n bytes), 0 when it is not valid. */
static int utf8_length(const unsigned char *s, size_t n) {
  int len;
  unsigned min;
  unsigned cp;
  if (s[0] < 0x80) return 1;
  if ((s[0] & 0xE0) == 0xC0) { len = 2; cp = s[0] & 0x1F; min = 0x80; }
  else if ((s[0] & 0xF0) == 0xE0) { len = 3; cp = s[0] & 0x0F; min = 0x800; }
  else if ((s[0] & 0xF8) == 0xF0) { len = 4; cp = s[0] & 0x07; min = 0x10000; }
  else return 0;
  if ((size_t)len > n) return 0;
  for (int i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/* Appends one log record for text[0..n) of a stream; invalid UTF-8 becomes U+FFFD, as Docker. */
static void log_line(const char *stream, const char *text, size_t n) {
  static char out[LINE_MAX_BYTES * 6 + 256];
  char time[64];
  size_t o = 0;
  now_rfc3339(time, sizeof time);
  o += snprintf(out, sizeof out, "{\"log\":\"");
  for (size_t i = 0; i < n;) {
    unsigned char ch = (unsigned char)text[i];
    if (ch == '"' || ch == '\\') {
      out[o++] = '\\';
      out[o++] = ch;
      i++;
    } else if (ch == '\n') {
      out[o++] = '\\'; out[o++] = 'n'; i++;
    } else if (ch == '\t') {
      out[o++] = '\\'; out[o++] = 't'; i++;
    } else if (ch == '\r') {
      out[o++] = '\\'; out[o++] = 'r'; i++;
    } else if (ch < 0x20 || ch == 0x7f) {
      o += snprintf(out + o, sizeof out - o, "\\u%04x", ch);
      i++;
    } else {
      int len = utf8_length((const unsigned char *)text + i, n - i);
      if (len == 0) {
        o += snprintf(out + o, sizeof out - o, "\\ufffd");
        i++;
      } else {
        memcpy(out + o, text + i, len);
        o += len;
        i += len;
      }
    }
  }
  o += snprintf(out + o, sizeof out - o, "\",\"stream\":\"%s\",\"time\":\"%s\"}\n", stream, time);
  for (size_t w = 0; w < o;) {
    ssize_t r = write(log_fd, out + w, o - w);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return; /* a full disk loses log lines, never the container */
    w += r;
  }
}

/* Reads what is available on a stream; logs every complete line. Returns 0 at end of file. */
static int pump(struct stream *s) {
  ssize_t r = read(s->fd, s->buf + s->len, sizeof s->buf - s->len);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
  if (r <= 0) {
    if (s->len) log_line(s->name, s->buf, s->len);
    s->len = 0;
    close(s->fd);
    s->fd = -1;
    return 0;
  }
  s->len += r;
  size_t start = 0;
  for (size_t i = 0; i < s->len; i++) {
    if (s->buf[i] == '\n') {
      log_line(s->name, s->buf + start, i + 1 - start);
      start = i + 1;
    }
  }
  if (start == 0 && s->len == sizeof s->buf) {
    log_line(s->name, s->buf, s->len);
    start = s->len;
  }
  memmove(s->buf, s->buf + start, s->len - start);
  s->len -= start;
  return 1;
}

/* ------------------------------------------------------------------------------------------ */

static void monitor(struct config *c) {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);

  char **argv = c->args;

  log_fd = open(c->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log_fd < 0) die("open %s", c->log);
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) die("pipe");

  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
  int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0) die("signalfd");

  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) _exit(125);
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    execv(argv[0], argv);
    dprintf(2, "hoist-monitor: exec %s: %s\n", argv[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  close(out[1]);
  close(err[1]);

  char pidtext[32];
  snprintf(pidtext, sizeof pidtext, "%d\n", (int)child);
  write_atomic(c->pid, pidtext);

  /* The caller may go: from here on nothing of the monitor's refers to its streams. */
  if (write(ready_fd, "O", 1) < 0) {
    /* the caller is gone; carry on */
  }
  close(ready_fd);
  ready_fd = -1;
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) {
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2) close(null);
  }

  static struct stream streams[2];
  streams[0].name = "stdout";
  streams[0].fd = out[0];
  streams[1].name = "stderr";
  streams[1].fd = err[0];
  int status = 0, exited = 0;
  for (;;) {
    struct pollfd fds[3];
    struct stream *which[3];
    int nfds = 0;
    for (int i = 0; i < 2; i++) {
      if (streams[i].fd >= 0) {
        fds[nfds].fd = streams[i].fd;
        fds[nfds].events = POLLIN;
        which[nfds++] = &streams[i];
      }
    }
    if (exited && nfds == 0) break;
    fds[nfds].fd = sfd;
    fds[nfds].events = POLLIN;
    which[nfds++] = NULL;
    /* once the command is gone, a process it left behind may hold the pipes: wait 1 s at most */
    int r = poll(fds, nfds, exited ? 1000 : -1);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) break;
    for (int i = 0; i < nfds; i++) {
      if (!fds[i].revents) continue;
      if (which[i]) {
        pump(which[i]);
      } else {
        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) > 0) {
        }
        pid_t p;
        int st;
        while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
          if (p == child) {
            status = st;
            exited = 1;
          }
        }
      }
    }
  }
  for (int i = 0; i < 2; i++) {
    if (streams[i].fd >= 0 && streams[i].len) log_line(streams[i].name, streams[i].buf, streams[i].len);
  }
  close(log_fd);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  char finished[64], text[128];
  now_rfc3339(finished, sizeof finished);
  snprintf(text, sizeof text, "%d\n%s\n", code, finished);
  write_atomic(c->exit, text); /* fails quietly when the container was removed (--rm) */
}

int main(int argc, char **argv) {
  if (argc != 2) {
    dprintf(2, "usage: hoist-monitor CONFIG\n");
    return 125;
  }
  static struct config c;
  parse_config(argv[1], &c);

  int ready[2];
  if (pipe2(ready, O_CLOEXEC) < 0) die("pipe");
  pid_t first = fork();
  if (first < 0) die("fork");
  if (first == 0) {
    close(ready[0]);
    ready_fd = ready[1];
    if (setsid() < 0) die("setsid");
    pid_t second = fork();
    if (second < 0) die("fork");
    if (second > 0) _exit(0);
    monitor(&c);
    return 0;
  }
  close(ready[1]);
  while (waitpid(first, NULL, 0) < 0 && errno == EINTR) {
  }
  char msg[1100];
  ssize_t n;
  size_t got = 0;
  while ((n = read(ready[0], msg + got, sizeof msg - 1 - got)) > 0) got += n;
  msg[got] = 0;
  if (got > 0 && msg[0] == 'O') return 0;
  dprintf(2, "hoist-monitor: %s\n", got > 1 ? msg + 1 : "the monitor did not start");
  return 125;
}
