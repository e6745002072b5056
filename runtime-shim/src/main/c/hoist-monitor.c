/*
 * hoist-monitor: keeps a detached container after hoist has exited, as conmon does for podman:
 * runs its runtime process, keeps its output, cleans up after it, restarts it per its policy.
 * No JVM runs while the container runs.
 *
 *   hoist-monitor CONFIG
 *
 * CONFIG (the container's monitor.conf, written by dev.hoist.internal.runtime.Containers) holds
 * NUL-terminated "key=value" records, as the shim's:
 *
 *   arg=...          (repeated) the step command, given by the program that uses hoist (the
 *                    CLI: java ... dev.hoist.internal.runtime.MonitorStep HOME ID); the monitor
 *                    appends "start" or "exit CODE FINISHED-AT"
 *   log=PATH         the log, Docker's json-file format: one JSON object per line,
 *                    {"log":"text\n","stream":"stdout","time":"2024-05-01T12:00:00.123456789Z"}
 *   pid=PATH         receives the runtime process's PID once it runs
 *   exit=PATH        "CODE\nFINISHED-AT\n" when the exit step could not write it (128+N after
 *                    signal N), or the start step's status when the container never started
 *   ports=PATH       (optional) "tcp|udp ADDRESS PORT" lines the start step writes: host ports
 *                    the monitor keeps bound (never listening) while the container runs
 *   lock=PATH        (optional) a file the monitor holds a write lock on (fcntl) as long as it
 *                    lives, so that the next start waits for this monitor's last exit step
 *   health=PATH      (optional) the health checks' file the start step writes (none: no check):
 *                    see "health checks" below
 *   steps=PATH       (optional) the UNIX socket of a running hoist service that runs the steps
 *                    in its own JVM (see "steps through a service" below); when nobody answers
 *                    there (the service stopped or died), the step command runs as without it
 *   id=ID            (with steps) the container's ID, sent to the service
 *
 *   stdin=PATH       (optional, a container made with -i) a Unix socket the monitor listens on:
 *                    see "standard input" below
 *   tty=1            (optional, a container made with -t) what the runtime writes is logged as
 *                    it comes, a line's start as a record of its own (a prompt waits for no
 *                    newline); otherwise each record is a whole line
 *
 *   hoist-monitor --health HEALTH
 *
 * runs only the health checks of HEALTH, until its stdin ends: for a container that runs in the
 * foreground (the hoist that waits for it starts this beside it).
 *
 * Processes: the caller's process forks, the child calls setsid and forks the monitor proper,
 * which becomes a child subreaper and runs, for each run of the container:
 *   1. the start step, stdout and stderr on the log's pipes, fd 3 a control pipe, fd 4 a pipe
 *      back: the step prepares the container (root, cgroups, network held for the monitor),
 *      writes the runtime's command line on fd 3 (NUL-terminated "env=NAME=VALUE" records, then
 *      "arg=..." records, then an empty record); the monitor starts it as its own child with
 *      that environment and the same stdout and stderr, writes its PID on fd 4 (0: it could
 *      not) and to the pid file; the step records the container running and exits. The caller's
 *      process is told (and exits 0; 125 with a message when the monitor could not start) once
 *      the start step runs.
 *   2. waits for the runtime process, copying the pipes into the log line by line, running
 *      the container's health checks on schedule;
 *   3. the exit step with its exit status: clean-up, the exit recorded (or the container removed,
 *      --rm); its status 3 asks for a restart, after Docker's back-off (100 ms, doubled each
 *      time, 1 min at most, 100 ms again after a run of 10 s or more).
 * Standard input (stdin=PATH): each run's runtime process reads a pipe the monitor writes;
 * attachers (hoist attach, the Engine API's attach) connect to the socket PATH and send one
 * byte, '1' when their end closes the container's stdin (Docker's StdinOnce) or '0' when it
 * does not, then what they read; the monitor copies it to the pipe without ever blocking (what
 * the container does not read yet waits in a buffer, and the attachers are not read meanwhile).
 * Without stdin=, the runtime's stdin is /dev/null.
 *
 * Steps through a service (steps=PATH): the monitor connects to PATH and sends NUL-terminated
 * records "step=start" or "step=exit", "id=ID" (monitor.conf's), "pid=PID"
 * (its own: the network is held for it), for an exit "code=N" and "finished=TIME", then an
 * empty record. The service answers with records: "err=TEXT" (a line for the log's stderr),
 * for a start the runtime's command line as on fd 3 (ended by an empty record), after which the
 * monitor writes the runtime's PID ("PID\n", 0: it could not), and at the end "status=N", the
 * step's status. A connection that ends without a status runs the step command instead (an exit
 * step) or counts as a failed start. An exit step whose steps=PATH nobody answers any more (the
 * program that started the container has ended) asks the other sockets of PATH's directory, the
 * programs serving the same home's steps now, before it runs the step command.
 * SIGTERM (hoist stop of a restarting container) ends it: no further run, a running runtime
 * process is killed. Plain libc and Linux system calls; built static.
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
#include <dirent.h>
#include <limits.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MAX_LIST 1024
#define LINE_MAX_BYTES 16384 /* as Docker, longer lines are split */

/* tty=1: the output is a terminal's, logged as it comes (a shell's prompt ends no line) */
static int log_partial;

struct config {
  char *args[MAX_LIST];
  int nargs;
  const char *log, *pid, *exit, *ports, *lock, *health, *stdin, *steps, *id;
};

static int ready_fd = -1;

/*
 * HOIST_TRACE=FILE (the timing log of dev.hoist.internal.runtime.Trace): one line per step of a
 * run appended there, "SECONDS.MICROS PID monitor EVENT"; off (and free) without it.
 */
static void trace(const char *event) {
  static int fd = -2;
  if (fd == -2) {
    const char *file = getenv("HOIST_TRACE");
    fd = file && *file ? open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
  }
  if (fd < 0) return;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  dprintf(fd, "%lld.%06ld %d monitor %s\n", (long long)ts.tv_sec, ts.tv_nsec / 1000,
      (int)getpid(), event);
}

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
    else if (!strcmp(rec, "ports")) c->ports = v;
    else if (!strcmp(rec, "lock")) c->lock = v;
    else if (!strcmp(rec, "health")) c->health = v;
    else if (!strcmp(rec, "stdin")) c->stdin = v;
    else if (!strcmp(rec, "tty")) log_partial = !strcmp(v, "1");
    else if (!strcmp(rec, "steps")) c->steps = v;
    else if (!strcmp(rec, "id")) c->id = v;
    else die("%s: unknown key %s", path, rec);
  }
  if (!c->nargs || !c->log || !c->pid || !c->exit) die("%s: needs arg, log, pid and exit", path);
  if (c->steps && !c->id) die("%s: steps needs id", path);
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

/*
 * Writes text[0..n) into out (room for 6 bytes per input byte) as the inside of a JSON string:
 * quotes, backslashes and control characters escaped, invalid UTF-8 as U+FFFD, as Docker.
 * Returns the bytes written.
 */
static size_t json_escape(char *out, const char *text, size_t n) {
  size_t o = 0;
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
      o += sprintf(out + o, "\\u%04x", ch);
      i++;
    } else {
      int len = utf8_length((const unsigned char *)text + i, n - i);
      if (len == 0) {
        o += sprintf(out + o, "\\ufffd");
        i++;
      } else {
        memcpy(out + o, text + i, len);
        o += len;
        i += len;
      }
    }
  }
  return o;
}

/* Appends one log record for text[0..n) of a stream. */
static void log_line(const char *stream, const char *text, size_t n) {
  static char out[LINE_MAX_BYTES * 6 + 256];
  char time[64];
  size_t o = 0;
  now_rfc3339(time, sizeof time);
  o += snprintf(out, sizeof out, "{\"log\":\"");
  o += json_escape(out + o, text, n);
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
  if ((start == 0 && s->len == sizeof s->buf) || (log_partial && start < s->len)) {
    log_line(s->name, s->buf + start, s->len - start);
    start = s->len;
  }
  memmove(s->buf, s->buf + start, s->len - start);
  s->len -= start;
  return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* children, signals and the wait loop */

/* Children reaped while the monitor waited for something else, with their statuses. */
#define REAPED_MAX 64
static struct {
  pid_t pid;
  int status;
} reaped[REAPED_MAX];
static int nreaped;
static int signal_fd = -1;      /* SIGCHLD and SIGTERM */
static int stop_requested;      /* SIGTERM: end the container, never restart it */
static sigset_t original_mask;

static void reap(void) {
  pid_t p;
  int st;
  while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
    if (nreaped == REAPED_MAX) {
      memmove(reaped, reaped + 1, sizeof reaped[0] * (REAPED_MAX - 1));
      nreaped--;
    }
    reaped[nreaped].pid = p;
    reaped[nreaped].status = st;
    nreaped++;
  }
}

/* Whether child pid was reaped; its status into *status, and forgotten. */
static int take_reaped(pid_t pid, int *status) {
  for (int i = 0; i < nreaped; i++) {
    if (reaped[i].pid == pid) {
      *status = reaped[i].status;
      memmove(reaped + i, reaped + i + 1, sizeof reaped[0] * (nreaped - i - 1));
      nreaped--;
      return 1;
    }
  }
  return 0;
}

static void read_signals(void) {
  struct signalfd_siginfo si;
  while (read(signal_fd, &si, sizeof si) == (ssize_t)sizeof si) {
    if (si.ssi_signo == SIGTERM) stop_requested = 1;
  }
  reap();
}

static long long monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------------------------------ */
/* standard input: attachers on a Unix socket, copied to the running container's stdin pipe */

#define MAX_ATTACHERS 8
static int stdin_listen = -1;   /* the socket attachers connect to; -1: no stdin */
static int stdin_w = -1;        /* the running runtime's stdin pipe; -1: none (or closed) */
static char stdin_buf[65536];   /* read from an attacher, not yet taken by the pipe */
static size_t stdin_len;
static struct {
  int fd;
  int header;                   /* -1 until its first byte: 1 its end closes stdin, 0 not */
} attachers[MAX_ATTACHERS];
static int nattachers;

static void stdin_listen_on(const char *path) {
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof addr.sun_path) die("stdin socket path too long: %s", path);
  strcpy(addr.sun_path, path);
  unlink(path);
  stdin_listen = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (stdin_listen < 0) die("socket");
  mode_t old = umask(077);
  if (bind(stdin_listen, (struct sockaddr *)&addr, sizeof addr) < 0) die("bind %s", path);
  umask(old);
  if (listen(stdin_listen, MAX_ATTACHERS) < 0) die("listen %s", path);
}

static void stdin_close_pipe(void) {
  if (stdin_w >= 0) close(stdin_w);
  stdin_w = -1;
  stdin_len = 0;
}

static void stdin_accept(void) {
  int fd = accept4(stdin_listen, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) return;
  if (nattachers == MAX_ATTACHERS) {
    close(fd);
    return;
  }
  attachers[nattachers].fd = fd;
  attachers[nattachers].header = -1;
  nattachers++;
}

/* Writes what the buffer holds to the pipe, as much as it takes now. */
static void stdin_flush(void) {
  if (stdin_w < 0) {
    stdin_len = 0; /* no container reads: what is sent between runs is dropped */
    return;
  }
  while (stdin_len) {
    ssize_t w = write(stdin_w, stdin_buf, stdin_len);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno == EAGAIN) return;
    if (w < 0) { /* EPIPE: the container closed its stdin */
      stdin_close_pipe();
      return;
    }
    memmove(stdin_buf, stdin_buf + w, stdin_len - w);
    stdin_len -= w;
  }
}

static void stdin_read(int i) {
  char *into = stdin_buf + stdin_len;
  size_t room = sizeof stdin_buf - stdin_len;
  ssize_t r = read(attachers[i].fd, into, room);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (r > 0 && attachers[i].header < 0) {
    attachers[i].header = into[0] == '1';
    memmove(into, into + 1, r - 1);
    r--;
    if (r == 0) return;
  }
  if (r <= 0) {
    close(attachers[i].fd);
    if (attachers[i].header == 1) {
      stdin_flush();
      stdin_close_pipe(); /* StdinOnce: this attacher's end is the container's */
    }
    attachers[i] = attachers[--nattachers];
    return;
  }
  stdin_len += r;
  stdin_flush();
}

/* A pipe read by the monitor into a buffer until its end (the control channel). */
struct channel {
  int fd;
  char *buf;
  size_t len, cap;
};

static void channel_read(struct channel *ch) {
  if (ch->len == ch->cap) {
    ch->cap = ch->cap ? ch->cap * 2 : 4096;
    ch->buf = realloc(ch->buf, ch->cap + 1);
    if (!ch->buf) die("out of memory");
  }
  ssize_t r = read(ch->fd, ch->buf + ch->len, ch->cap - ch->len);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (r <= 0) {
    close(ch->fd);
    ch->fd = -1;
    return;
  }
  ch->len += r;
}

/*
 * Copies the streams into the log and collects signals until done(arg) holds (1 returned) or
 * timeout_ms passed (-1: no limit; 0 returned). ch, when not NULL, is read as well.
 */
static int wait_until(struct stream *streams, struct channel *ch, int (*done)(void *),
    void *arg, int timeout_ms) {
  long long deadline = timeout_ms < 0 ? -1 : monotonic_ms() + timeout_ms;
  for (;;) {
    if (done(arg)) return 1;
    int wait = -1;
    if (deadline >= 0) {
      long long left = deadline - monotonic_ms();
      if (left <= 0) return 0;
      wait = (int)left;
    }
    struct pollfd fds[5 + MAX_ATTACHERS];
    void *which[5 + MAX_ATTACHERS];
    int nfds = 0;
    static char listen_mark, pipe_mark;
    if (stdin_listen >= 0) {
      fds[nfds].fd = stdin_listen;
      fds[nfds].events = POLLIN;
      which[nfds++] = &listen_mark;
    }
    if (stdin_len && stdin_w >= 0) { /* the container takes what waits before more is read */
      fds[nfds].fd = stdin_w;
      fds[nfds].events = POLLOUT;
      which[nfds++] = &pipe_mark;
    } else {
      for (int i = 0; i < nattachers; i++) {
        fds[nfds].fd = attachers[i].fd;
        fds[nfds].events = POLLIN;
        which[nfds++] = &attachers[i];
      }
    }
    for (int i = 0; streams && i < 2; i++) {
      if (streams[i].fd >= 0) {
        fds[nfds].fd = streams[i].fd;
        fds[nfds].events = POLLIN;
        which[nfds++] = &streams[i];
      }
    }
    if (ch && ch->fd >= 0) {
      fds[nfds].fd = ch->fd;
      fds[nfds].events = POLLIN;
      which[nfds++] = ch;
    }
    fds[nfds].fd = signal_fd;
    fds[nfds].events = POLLIN;
    which[nfds++] = NULL;
    int r = poll(fds, nfds, wait);
    if (r < 0 && errno != EINTR) die("poll");
    int readable[MAX_ATTACHERS], nreadable = 0;
    for (int i = 0; r > 0 && i < nfds; i++) {
      if (!fds[i].revents) continue;
      if (which[i] == NULL) read_signals();
      else if (which[i] == ch) channel_read(ch);
      else if (which[i] == &listen_mark) stdin_accept();
      else if (which[i] == &pipe_mark) {
        if (fds[i].revents & (POLLERR | POLLHUP)) stdin_close_pipe();
        else stdin_flush();
      } else if ((char *)which[i] >= (char *)attachers
          && (char *)which[i] < (char *)(attachers + MAX_ATTACHERS)) {
        readable[nreadable++] = fds[i].fd;
      } else pump(which[i]);
    }
    /* attachers by fd: reading one may move another in the table */
    for (int k = 0; k < nreadable && !stdin_len; k++) {
      for (int i = 0; i < nattachers; i++) {
        if (attachers[i].fd == readable[k]) {
          stdin_read(i);
          break;
        }
      }
    }
  }
}

struct reaped_wait {
  pid_t pid;
  int status;
};

static int child_reaped(void *arg) {
  struct reaped_wait *w = arg;
  return take_reaped(w->pid, &w->status);
}

static int streams_closed(void *arg) {
  struct stream *s = arg;
  return s[0].fd < 0 && s[1].fd < 0;
}

/* The channel's end: closed, or an empty record (the start step cannot close its fd 3). */
static int channel_closed(void *arg) {
  struct channel *ch = arg;
  if (ch->fd < 0) return 1;
  if (ch->len == 1 && ch->buf[0] == 0) return 1;
  if (ch->len >= 2 && ch->buf[ch->len - 1] == 0 && ch->buf[ch->len - 2] == 0) return 1;
  return 0;
}

static int stop_or_never(void *arg) {
  (void)arg;
  return stop_requested;
}

/* After the process that wrote them ended: the rest of the streams, 1 s at most. */
static void drain(struct stream *s) {
  wait_until(s, NULL, streams_closed, s, 1000);
  for (int i = 0; i < 2; i++) {
    if (s[i].fd >= 0) {
      if (s[i].len) log_line(s[i].name, s[i].buf, s[i].len);
      close(s[i].fd);
      s[i].fd = -1;
    }
    s[i].len = 0;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* running the steps and the runtime */

/* Pipes for a process's stdout and stderr: streams[] read them, out[1] and err[1] write. */
static void open_streams(struct stream *s, int *out_w, int *err_w) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) die("pipe");
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  fcntl(err[0], F_SETFL, O_NONBLOCK);
  s[0].name = "stdout";
  s[0].fd = out[0];
  s[0].len = 0;
  s[1].name = "stderr";
  s[1].fd = err[0];
  s[1].len = 0;
  *out_w = out[1];
  *err_w = err[1];
}

/*
 * Starts argv (envp: NULL for the monitor's environment) with stdin on in_r (-1: /dev/null),
 * stdout and stderr on out_w and err_w, and fds 3 and 4 on fd3 and fd4 when they are not -1.
 */
static pid_t spawn(char **argv, char **envp, int in_r, int out_w, int err_w, int fd3, int fd4) {
  pid_t child = fork();
  if (child < 0) return -1;
  if (child > 0) return child;
  int in = in_r >= 0 ? in_r : open("/dev/null", O_RDONLY);
  if (in < 0 || dup2(in, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0) _exit(125);
  if (fd3 >= 0 && dup2(fd3, 3) < 0) _exit(125);
  if (fd4 >= 0 && dup2(fd4, 4) < 0) _exit(125);
  sigprocmask(SIG_SETMASK, &original_mask, NULL);
  signal(SIGPIPE, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  if (envp) execve(argv[0], argv, envp);
  else execv(argv[0], argv);
  dprintf(2, "hoist-monitor: exec %s: %s\n", argv[0], strerror(errno));
  _exit(errno == ENOENT ? 127 : 126);
}

/* The step command: the configured command, then extra arguments. */
static char **step_argv(struct config *c, const char *a, const char *b, const char *d) {
  static char *argv[MAX_LIST + 4];
  int n = 0;
  for (int i = 0; i < c->nargs; i++) argv[n++] = c->args[i];
  if (a) argv[n++] = (char *)a;
  if (b) argv[n++] = (char *)b;
  if (d) argv[n++] = (char *)d;
  argv[n] = NULL;
  return argv;
}

static int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Writes the exit file unless the container's directory is gone (removed: --rm, rm -f). */
static void write_exit(const char *path, int code) {
  char finished[64], text[128], tmp[4096];
  now_rfc3339(finished, sizeof finished);
  snprintf(text, sizeof text, "%d\n%s\n", code, finished);
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t w = write(fd, text, strlen(text));
  fsync(fd);
  close(fd);
  if (w < 0 || rename(tmp, path) < 0) unlink(tmp);
}

/*
 * The runtime's command line the start step sent on the control channel: NUL-terminated
 * records, "env=NAME=VALUE" (repeated; none: an empty environment) then "arg=..." (repeated),
 * then an empty record (the end).
 */
static int parse_launch(struct channel *ch, char ***argv_out, char ***envp_out) {
  static char *argv[MAX_LIST], *envp[MAX_LIST];
  int na = 0, ne = 0;
  size_t i = 0;
  while (i < ch->len) {
    char *rec = ch->buf + i;
    size_t rlen = strnlen(rec, ch->len - i);
    if (i + rlen >= ch->len) return 0;
    i += rlen + 1;
    if (rlen == 0) break; /* the end */
    if (!strncmp(rec, "arg=", 4) && na < MAX_LIST - 1) argv[na++] = rec + 4;
    else if (!strncmp(rec, "env=", 4) && ne < MAX_LIST - 1) envp[ne++] = rec + 4;
    else return 0;
  }
  argv[na] = NULL;
  envp[ne] = NULL;
  *argv_out = argv;
  *envp_out = envp;
  return na > 0;
}

/* ------------------------------------------------------------------------------------------ */
/* published ports, held while the container runs (the start step's sockets end with it) */

#define MAX_PORTS 256
static int port_fds[MAX_PORTS];
static int nports;

/* Binds each "tcp|udp ADDRESS PORT" line of path; a port that cannot be bound is logged. */
static void hold_ports(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return; /* none published */
  char buf[16384];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return;
  buf[n] = 0;
  char *save = NULL;
  for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char proto[8], addr[64];
    int port;
    if (sscanf(line, "%7s %63s %d", proto, addr, &port) != 3 || nports == MAX_PORTS) continue;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) continue;
    int s = socket(AF_INET, (strcmp(proto, "udp") ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    if (s < 0) continue;
    /* The start step's own socket on the port can still be closing (seen in CI: the port was
     * then held by nobody, and another container could publish it): try again for 3 s. */
    int bound = bind(s, (struct sockaddr *)&sa, sizeof sa);
    for (int tries = 0; bound < 0 && errno == EADDRINUSE && tries < 300; tries++) {
      struct timespec pause = {0, 10 * 1000 * 1000};
      nanosleep(&pause, NULL);
      bound = bind(s, (struct sockaddr *)&sa, sizeof sa);
    }
    if (bound < 0) {
      char msg[256];
      int len = snprintf(msg, sizeof msg, "hoist: cannot hold published port %s:%d/%s: %s\n",
          addr, port, proto, strerror(errno));
      log_line("stderr", msg, (size_t)len);
      close(s);
      continue;
    }
    port_fds[nports++] = s;
  }
}

static void release_ports(void) {
  for (int i = 0; i < nports; i++) close(port_fds[i]);
  nports = 0;
}

/* ------------------------------------------------------------------------------------------ */
/* health checks, as Docker's (moby daemon/health.go): run in the container on schedule while it
 * runs, the state (Docker's State.Health) in the record file, status changes as events.
 *
 * The start step writes HEALTH (monitor.conf's health=PATH; none: no check), NUL-terminated
 * "key=value" records:
 *   arg=... (repeated), env=... (repeated)  the command that runs the check in the container
 *   interval_ms, timeout_ms, start_period_ms, start_interval_ms, retries  Docker's defaults
 *                                           applied already
 *   timeout_text=30s   the timeout as Go prints it (for "Health check exceeded timeout (30s)")
 *   record=PATH        the state, Docker's Health object, replaced atomically after each check
 *   events=PATH        the events journal: one line per status change, one write(2), O_APPEND
 *   event=JSON         the event's Actor and legacy fields: {"id":…,"from":…,"Actor":{…}}
 *   init_pid=N, init_start=T  (optional) the container's init (host PID, /proc/N/stat's start
 *                      time): once it has ended the checks end, and a check that failed
 *                      meanwhile is not counted. The runtime's process outlives the init by
 *                      its clean-up (an exiting init without namespaces, runc's delete).
 */

#define HEALTH_LOG_MAX 5        /* Docker keeps the last five results */
#define HEALTH_OUTPUT_MAX 4096  /* and the first 4 KiB of each output */
#define HEALTH_KILL_GRACE_MS 1000

struct health_result {
  char start[64], end[64];
  int code;
  char output[HEALTH_OUTPUT_MAX];
  size_t output_len;
};

static struct {
  int on;
  char *buf; /* the file's records */
  char *argv[MAX_LIST], *envp[MAX_LIST];
  int nargv, nenvp;
  long long interval_ms, timeout_ms, start_period_ms, start_interval_ms;
  int retries;
  const char *timeout_text, *record, *events, *event, *paused;
  long init_pid;
  unsigned long long init_start;
  long long started_ms, next_ms;
  pid_t probe;           /* the running check, 0: none */
  int probe_fd;
  long long deadline_ms; /* the check's timeout */
  long long kill_ms;     /* timed out: SIGKILL then, unless it ended */
  int timed_out;
  struct health_result current;
  const char *status;    /* starting, healthy, unhealthy */
  int streak;
  struct health_result log[HEALTH_LOG_MAX];
  int nlog;
} health;

/* Reads the start step's health file; a missing one: no check for this run. */
static void health_load(const char *path) {
  free(health.buf);
  memset(&health, 0, sizeof health);
  health.probe_fd = -1;
  if (!path) return;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  close(fd);
  size_t len;
  health.buf = read_file(path, &len);
  for (size_t i = 0; i < len;) {
    char *rec = health.buf + i;
    size_t rlen = strnlen(rec, len - i);
    if (i + rlen >= len) return;
    i += rlen + 1;
    char *eq = strchr(rec, '=');
    if (!eq) return;
    *eq = 0;
    char *v = eq + 1;
    if (!strcmp(rec, "arg") && health.nargv < MAX_LIST - 1) health.argv[health.nargv++] = v;
    else if (!strcmp(rec, "env") && health.nenvp < MAX_LIST - 1) health.envp[health.nenvp++] = v;
    else if (!strcmp(rec, "interval_ms")) health.interval_ms = atoll(v);
    else if (!strcmp(rec, "timeout_ms")) health.timeout_ms = atoll(v);
    else if (!strcmp(rec, "start_period_ms")) health.start_period_ms = atoll(v);
    else if (!strcmp(rec, "start_interval_ms")) health.start_interval_ms = atoll(v);
    else if (!strcmp(rec, "retries")) health.retries = atoi(v);
    else if (!strcmp(rec, "timeout_text")) health.timeout_text = v;
    else if (!strcmp(rec, "record")) health.record = v;
    else if (!strcmp(rec, "events")) health.events = v;
    else if (!strcmp(rec, "event")) health.event = v;
    else if (!strcmp(rec, "paused")) health.paused = v;
    else if (!strcmp(rec, "init_pid")) health.init_pid = atol(v);
    else if (!strcmp(rec, "init_start")) health.init_start = strtoull(v, NULL, 10);
  }
  health.argv[health.nargv] = NULL;
  health.envp[health.nenvp] = NULL;
  health.on = health.nargv > 0 && health.record && health.interval_ms > 0
      && health.timeout_ms > 0;
}

/* Docker's getInterval: the start interval while starting within the start period. */
static long long health_interval(void) {
  long long now = monotonic_ms();
  if (now - health.started_ms < health.start_period_ms && !strcmp(health.status, "starting")) {
    return health.start_interval_ms;
  }
  return health.interval_ms;
}

/* Writes the state as Docker's Health object, through a temporary file and rename. */
static void health_write_record(void) {
  static char json[HEALTH_LOG_MAX * (HEALTH_OUTPUT_MAX * 6 + 256) + 256];
  size_t o = (size_t)sprintf(json, "{\"Status\":\"%s\",\"FailingStreak\":%d,\"Log\":[",
      health.status, health.streak);
  for (int i = 0; i < health.nlog; i++) {
    struct health_result *r = &health.log[i];
    o += (size_t)sprintf(json + o, "%s{\"Start\":\"%s\",\"End\":\"%s\",\"ExitCode\":%d,"
        "\"Output\":\"", i ? "," : "", r->start, r->end, r->code);
    o += json_escape(json + o, r->output, r->output_len);
    o += (size_t)sprintf(json + o, "\"}");
  }
  o += (size_t)sprintf(json + o, "]}\n");
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", health.record) >= (int)sizeof tmp) return;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return; /* the container's directory is gone (removed) */
  ssize_t w = write(fd, json, o);
  close(fd);
  if (w != (ssize_t)o || rename(tmp, health.record) < 0) unlink(tmp);
}

/* Appends "health_status: STATUS" to the events journal, one write(2) on O_APPEND. */
static void health_event(void) {
  if (!health.events || !health.event) return;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  const char *actor = health.event[0] == '{' ? health.event + 1 : health.event;
  char line[8192];
  size_t alen = strlen(actor); /* the object's members, spliced in */
  if (alen && actor[alen - 1] == '}') alen--;
  int n = snprintf(line, sizeof line, "{\"status\":\"health_status: %s\",%.*s,\"Type\":\"container\","
      "\"Action\":\"health_status: %s\",\"scope\":\"local\",\"time\":%lld,\"timeNano\":%lld}\n",
      health.status, (int)alen, actor, health.status, (long long)ts.tv_sec,
      (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
  if (n <= 0 || n >= (int)sizeof line) return;
  int fd = open(health.events, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  if (write(fd, line, (size_t)n) < 0) {
    /* a lost event never stops the container's checks */
  }
  close(fd);
}

/* The container's runtime process started now: status starting, the first check after an
 * interval. */
static void health_begin(const char *path) {
  health_load(path);
  if (!health.on) return;
  health.started_ms = monotonic_ms();
  health.status = "starting";
  health.next_ms = health.started_ms + health_interval();
  health_write_record();
}

static void health_start_probe(void) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) < 0) return;
  fcntl(out[0], F_SETFL, O_NONBLOCK);
  memset(&health.current, 0, sizeof health.current);
  now_rfc3339(health.current.start, sizeof health.current.start);
  health.probe = spawn(health.argv, health.envp, -1, out[1], out[1], -1, -1);
  close(out[1]);
  long long now = monotonic_ms();
  if (health.probe < 0) {
    close(out[0]);
    health.probe = 0;
    health.next_ms = now + health_interval();
    return;
  }
  health.probe_fd = out[0];
  health.deadline_ms = now + health.timeout_ms;
  health.kill_ms = 0;
  health.timed_out = 0;
}

/* Keeps the first HEALTH_OUTPUT_MAX bytes of the check's output, drops the rest. */
static void health_read_output(void) {
  if (health.probe_fd < 0) return;
  char scrap[4096];
  for (;;) {
    struct health_result *r = &health.current;
    size_t room = HEALTH_OUTPUT_MAX - r->output_len;
    char *into = room ? r->output + r->output_len : scrap;
    ssize_t n = read(health.probe_fd, into, room ? room : sizeof scrap);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return; /* EAGAIN: nothing more for now */
    if (n == 0) {
      close(health.probe_fd);
      health.probe_fd = -1;
      return;
    }
    if (room) r->output_len += (size_t)n;
  }
}

/* A check's result, as Docker's handleProbeResult: kept in the log, the streak and status. */
static void health_result(int code, const char *timeout_output) {
  struct health_result *r = &health.current;
  now_rfc3339(r->end, sizeof r->end);
  r->code = code;
  if (timeout_output) {
    r->output_len = (size_t)snprintf(r->output, sizeof r->output, "%s", timeout_output);
  }
  if (health.nlog == HEALTH_LOG_MAX) {
    memmove(health.log, health.log + 1, sizeof health.log[0] * (HEALTH_LOG_MAX - 1));
    health.nlog--;
  }
  health.log[health.nlog++] = *r;
  const char *before = health.status;
  if (code == 0) {
    health.streak = 0;
    health.status = "healthy";
  } else {
    /* while starting, failures within the start period do not count */
    int counts = strcmp(health.status, "starting")
        || monotonic_ms() - health.started_ms >= health.start_period_ms;
    if (counts) {
      health.streak++;
      if (health.streak >= health.retries) health.status = "unhealthy";
    }
  }
  health_write_record();
  if (strcmp(before, health.status)) health_event();
}

/* How long the wait loop may sleep before health_tick has something to do (at most cap). */
static int health_wait_ms(int cap) {
  if (!health.on) return cap;
  long long now = monotonic_ms();
  long long until = health.probe ? 20 /* watch the check's end and output */
      : health.next_ms - now;
  if (until < 0) until = 0;
  return until < cap ? (int)until : cap;
}

/*
 * Whether the container's init (init_pid) has ended: gone, another process under its PID, a
 * zombie, or exiting (its namespaces already released, so nothing can join the container).
 * Unknown (no init_pid): never.
 */
static int health_init_ended(void) {
  if (health.init_pid <= 0) return 0;
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/stat", health.init_pid);
  char stat[1024];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  ssize_t n;
  while ((n = read(fd, stat, sizeof stat - 1)) < 0 && errno == EINTR) {
  }
  close(fd);
  if (n <= 0) return 1;
  stat[n] = 0;
  char *close_paren = strrchr(stat, ')');
  int ended = 1;
  if (close_paren && close_paren[1] == ' ') {
    char state = close_paren[2];
    /* field 22, the start time, is the 20th after the command's closing parenthesis */
    char *f = close_paren + 2;
    for (int i = 0; i < 19 && f; i++) {
      f = strchr(f, ' ');
      if (f) f++;
    }
    ended = state == 'Z' || state == 'X' || !f || strtoull(f, NULL, 10) != health.init_start;
  }
  if (ended) return 1;
  snprintf(path, sizeof path, "/proc/%ld/ns/mnt", health.init_pid);
  return access(path, F_OK) < 0 && errno == ENOENT;
}

/* Whether the container is paused (hoist pause made the marker): no check runs meanwhile. */
static int health_paused(void) {
  return health.paused && access(health.paused, F_OK) == 0;
}

static void health_end(void);

/* Starts a check when one is due, collects one that ended, times one out. */
static void health_tick(void) {
  if (!health.on || stop_requested) return;
  long long now = monotonic_ms();
  if (health.probe) {
    health_read_output();
    int status;
    if (take_reaped(health.probe, &status)) {
      health_read_output();
      if (health.probe_fd >= 0) close(health.probe_fd);
      health.probe_fd = -1;
      health.probe = 0;
      int code = exit_code(status);
      if (code != 0 && health_init_ended()) {
        health_end(); /* it failed because the container has ended: it tells nothing */
        return;
      }
      if (!health.timed_out) health_result(code, NULL);
      health.next_ms = monotonic_ms() + health_interval();
      return;
    }
    if (!health.timed_out && now >= health.deadline_ms) {
      /* Docker's result for a check past its timeout; the next starts once this one ended */
      char message[128];
      snprintf(message, sizeof message, "Health check exceeded timeout (%s)",
          health.timeout_text ? health.timeout_text : "?");
      if (health_init_ended()) {
        health_end();
        return;
      }
      if (!health_paused()) health_result(-1, message); /* a frozen check tells nothing */
      health.timed_out = 1;
      kill(health.probe, SIGTERM); /* the runtime's exec passes it on to the check */
      health.kill_ms = now + HEALTH_KILL_GRACE_MS;
    } else if (health.timed_out && health.kill_ms && now >= health.kill_ms) {
      kill(health.probe, SIGKILL);
      health.kill_ms = 0;
    }
    return;
  }
  /* paused: no check (as podman; Docker's would time out, moby#46203); the next one runs as
     soon as it is unpaused */
  if (now >= health.next_ms && !health_paused()) {
    if (health_init_ended()) health_end();
    else health_start_probe();
  }
}

/* The container's runtime process ended: no further check; a running one is killed. */
static void health_end(void) {
  if (!health.on) return;
  if (health.probe) kill(health.probe, SIGKILL);
  if (health.probe_fd >= 0) close(health.probe_fd);
  health.probe = 0;
  health.probe_fd = -1;
  health.on = 0;
}

/* ------------------------------------------------------------------------------------------ */

#define RESTART_EXIT 3         /* the exit step's status: restart the container */
#define BACKOFF_FIRST_MS 100   /* Docker's restart back-off: 100 ms, doubled, 1 min at most, */
#define BACKOFF_MAX_MS 60000   /* back to 100 ms after a run of 10 s or more */
#define BACKOFF_RESET_MS 10000

/* Docker's next delay before a restart, after a run of ran_ms. */
static long next_backoff(long previous, long long ran_ms) {
  if (ran_ms >= BACKOFF_RESET_MS) previous = 0;
  long next = previous == 0 ? BACKOFF_FIRST_MS : previous * 2;
  return next > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : next;
}

static void tell_caller(char what) {
  if (ready_fd < 0) return;
  if (write(ready_fd, &what, 1) < 0) {
    /* the caller is gone; carry on */
  }
  close(ready_fd);
  ready_fd = -1;
  /* from here on nothing of the monitor's refers to the caller's streams */
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) {
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2) close(null);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* steps through a service (steps=PATH): see the head of this file */

static int write_all(int fd, const char *buf, size_t n) {
  for (size_t w = 0; w < n;) {
    ssize_t r = write(fd, buf + w, n - w);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    w += r;
  }
  return 1;
}

/* Appends the NUL-terminated record fmt... to buf (cap bytes) at n; the new length. */
static size_t add_record(char *buf, size_t n, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static size_t add_record(char *buf, size_t n, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(buf + n, cap - n, fmt, ap);
  va_end(ap);
  if (len < 0 || (size_t)len + 1 >= cap - n) die("a step request too long");
  return n + len + 1;
}

/* Connects to the service at path and sends the step's request; -1 when none answers there. */
static int service_request_at(struct config *c, const char *path, const char *step,
    const char *code, const char *finished) {
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof addr.sun_path) return -1;
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    close(fd);
    return -1;
  }
  char req[8192];
  size_t n = add_record(req, 0, sizeof req, "step=%s", step);
  n = add_record(req, n, sizeof req, "id=%s", c->id);
  n = add_record(req, n, sizeof req, "pid=%d", (int)getpid());
  if (code) n = add_record(req, n, sizeof req, "code=%s", code);
  if (finished) n = add_record(req, n, sizeof req, "finished=%s", finished);
  n = add_record(req, n, sizeof req, "%s", "");
  if (!write_all(fd, req, n)) {
    close(fd);
    return -1;
  }
  return fd;
}

/* The step's request to the service at steps=PATH; -1 when none answers there. */
static int service_request(struct config *c, const char *step, const char *code,
    const char *finished) {
  return service_request_at(c, c->steps, step, code, finished);
}

/*
 * The exit step's request: to steps=PATH, else (the program that started the container has
 * ended: a CLI's hoist compose up) to another program that serves this home's steps now, one
 * of the other sockets in PATH's directory (a hoist compose down waiting for this exit, the
 * service); -1 when none answers. An exit step whose server ends before its status runs the
 * step command, so any of them will do.
 */
static int exit_service_request(struct config *c, const char *code, const char *finished) {
  int fd = service_request(c, "exit", code, finished);
  if (fd >= 0) return fd;
  const char *slash = strrchr(c->steps, '/');
  if (!slash) return -1;
  char dir[PATH_MAX];
  size_t dlen = (size_t)(slash - c->steps);
  if (dlen == 0 || dlen >= sizeof dir) return -1;
  memcpy(dir, c->steps, dlen);
  dir[dlen] = 0;
  DIR *d = opendir(dir);
  if (!d) return -1;
  struct dirent *e;
  while (fd < 0 && (e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 5, ".sock") || e->d_name[0] == '.') continue;
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
    if (!strcmp(path, c->steps)) continue;
    fd = service_request_at(c, path, "exit", code, finished);
  }
  closedir(d);
  return fd;
}

/* The service's answer as read so far. */
struct service_answer {
  struct channel ch;
  size_t pos;
  char *argv[MAX_LIST], *envp[MAX_LIST];
  int na, ne, launch, has_status, status;
};

/* Takes the answer's complete records: err= lines into the log, the launch, the status. */
static void answer_parse(struct service_answer *a) {
  struct channel *ch = &a->ch;
  while (a->pos < ch->len) {
    char *rec = ch->buf + a->pos;
    size_t rlen = strnlen(rec, ch->len - a->pos);
    if (a->pos + rlen >= ch->len) return; /* not complete yet */
    a->pos += rlen + 1;
    if (rlen == 0) {
      a->launch = 1;
    } else if (!strncmp(rec, "err=", 4)) {
      char line[LINE_MAX_BYTES];
      int len = snprintf(line, sizeof line, "%s\n", rec + 4);
      log_line("stderr", line, len < (int)sizeof line ? (size_t)len : sizeof line - 1);
    } else if (!strncmp(rec, "status=", 7)) {
      a->has_status = 1;
      a->status = atoi(rec + 7);
    } else if (!a->launch && !strncmp(rec, "arg=", 4) && a->na < MAX_LIST - 1) {
      a->argv[a->na++] = rec + 4;
    } else if (!a->launch && !strncmp(rec, "env=", 4) && a->ne < MAX_LIST - 1) {
      a->envp[a->ne++] = rec + 4;
    }
  }
}

static int answer_launch_or_end(void *arg) {
  struct service_answer *a = arg;
  answer_parse(a);
  return a->launch || a->has_status || a->ch.fd < 0;
}

static int answer_end(void *arg) {
  struct service_answer *a = arg;
  answer_parse(a);
  return a->has_status || a->ch.fd < 0;
}

static void answer_close(struct service_answer *a) {
  if (a->ch.fd >= 0) close(a->ch.fd);
  free(a->ch.buf);
}

/*
 * The start step through the service: 0 when none answers (the step command runs instead);
 * else 1, with the runtime's PID (-1: not started) and the step's status.
 */
static int start_through_service(struct config *c, struct stream *s, int in_r, int out_w,
    int err_w, pid_t *runtime, int *status) {
  trace("start step: asking the service");
  int fd = service_request(c, "start", NULL, NULL);
  if (fd < 0) return 0;
  tell_caller('O');
  static struct service_answer a;
  memset(&a, 0, sizeof a);
  a.ch.fd = fd;
  wait_until(s, &a.ch, answer_launch_or_end, &a, -1);
  trace("start step: the runtime's command line received");
  *runtime = -1;
  if (!stop_requested && a.launch && a.na > 0) {
    a.argv[a.na] = NULL;
    a.envp[a.ne] = NULL;
    *runtime = spawn(a.argv, a.envp, in_r, out_w, err_w, -1, -1);
    trace("runtime forked");
  }
  close(out_w);
  close(err_w);
  if (a.launch && a.ch.fd >= 0) {
    char pidtext[32];
    int len = snprintf(pidtext, sizeof pidtext, "%d\n", *runtime > 0 ? (int)*runtime : 0);
    if (write_all(a.ch.fd, pidtext, len)) wait_until(s, &a.ch, answer_end, &a, -1);
  }
  trace("start step: done");
  *status = a.has_status ? a.status : (*runtime > 0 ? 0 : 125);
  answer_close(&a);
  return 1;
}

/* The start step command (fd 3: its control channel, fd 4: the PID back): the runtime's PID. */
static pid_t start_through_command(struct config *c, struct stream *s, int in_r, int out_w,
    int err_w, int *status) {
  int ctl[2], pid_pipe[2];
  if (pipe2(ctl, O_CLOEXEC) < 0 || pipe2(pid_pipe, O_CLOEXEC) < 0) die("pipe");
  pid_t step = spawn(step_argv(c, "start", NULL, NULL), NULL, -1, out_w, err_w, ctl[1], pid_pipe[0]);
  if (step < 0) die("fork");
  close(ctl[1]);
  close(pid_pipe[0]);
  tell_caller('O');
  struct channel ch = {ctl[0], NULL, 0, 0};
  wait_until(s, &ch, channel_closed, &ch, -1);
  char **argv, **envp;
  pid_t runtime = -1;
  if (!stop_requested && parse_launch(&ch, &argv, &envp)) {
    runtime = spawn(argv, envp, in_r, out_w, err_w, -1, -1);
  }
  free(ch.buf);
  if (ch.fd >= 0) close(ch.fd);
  close(out_w);
  close(err_w);
  char pidtext[32];
  int len = snprintf(pidtext, sizeof pidtext, "%d\n", runtime > 0 ? (int)runtime : 0);
  if (write(pid_pipe[1], pidtext, len) < 0) {
    /* the step is gone: its status says why */
  }
  close(pid_pipe[1]);
  struct reaped_wait w = {step, 0};
  wait_until(s, NULL, child_reaped, &w, -1);
  *status = exit_code(w.status);
  return runtime;
}

/*
 * One run: the start step prepares the container and sends the runtime's command line (through
 * the service, or on the step command's fd 3); the monitor starts the runtime and sends its PID
 * back, which the step records; then waits for the runtime. Returns its exit status, or -1 with
 * *code set when it never started (the step's own status).
 */
static int run_once(struct config *c, struct stream *s, long long *ran_ms, int *code) {
  int out_w, err_w, status = 0;
  int in[2] = {-1, -1};
  if (stdin_listen >= 0) {
    /* before the start step: what attachers send (and the end of it) waits for the runtime */
    if (pipe2(in, O_CLOEXEC) < 0) die("pipe");
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    stdin_w = in[1];
  }
  pid_t runtime = -1;
  open_streams(s, &out_w, &err_w);
  if (!c->steps || !start_through_service(c, s, in[0], out_w, err_w, &runtime, &status)) {
    runtime = start_through_command(c, s, in[0], out_w, err_w, &status);
  }
  if (in[0] >= 0) close(in[0]);
  if (runtime <= 0) {
    stdin_close_pipe();
    drain(s);
    *code = status ? status : 125;
    return -1;
  }
  char pidtext[32];
  snprintf(pidtext, sizeof pidtext, "%d\n", (int)runtime);
  write_atomic(c->pid, pidtext);
  if (c->ports) hold_ports(c->ports);
  long long started = monotonic_ms();
  health_begin(c->health);
  struct reaped_wait r = {runtime, 0};
  int killed = 0;
  for (;;) {
    if (stop_requested && !killed) {
      kill(runtime, SIGKILL); /* stopped while restarting: this run is over too */
      killed = 1;
    }
    if (wait_until(s, NULL, child_reaped, &r, killed ? -1 : health_wait_ms(200))) break;
    health_tick();
  }
  trace("runtime reaped");
  health_end();
  stdin_close_pipe();
  *ran_ms = monotonic_ms() - started;
  drain(s);
  release_ports();
  trace("output drained");
  return r.status;
}

/* The exit step (clean-up, the exit recorded, the restart decided): its status. */
static int exit_step(struct config *c, int code) {
  struct stream s[2];
  int out_w, err_w;
  char code_text[16], finished[64];
  snprintf(code_text, sizeof code_text, "%d", code);
  now_rfc3339(finished, sizeof finished);
  if (c->steps) {
    trace("exit step: asking the service");
    int fd = exit_service_request(c, code_text, finished);
    if (fd >= 0) {
      static struct service_answer a;
      memset(&a, 0, sizeof a);
      a.ch.fd = fd;
      wait_until(NULL, &a.ch, answer_end, &a, -1);
      answer_close(&a);
      trace("exit step: done");
      if (a.has_status) return a.status;
      /* the service ended before it answered: the step command does it */
    }
  }
  open_streams(s, &out_w, &err_w);
  pid_t step = spawn(step_argv(c, "exit", code_text, finished), NULL, -1, out_w, err_w, -1, -1);
  close(out_w);
  close(err_w);
  if (step < 0) {
    close(s[0].fd);
    close(s[1].fd);
    return 125;
  }
  struct reaped_wait w = {step, 0};
  wait_until(s, NULL, child_reaped, &w, -1);
  drain(s);
  return exit_code(w.status);
}

/* Holds the lock file's write lock (fcntl, as Java's FileChannel.lock) until the monitor ends. */
static void hold_lock(const char *path) {
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) die("open %s", path);
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  while (fcntl(fd, F_SETLKW, &fl) < 0) {
    if (errno != EINTR) die("lock %s", path);
  }
}

static void monitor(struct config *c) {
  trace("monitor: begins");
  if (c->lock) hold_lock(c->lock);
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);

  log_fd = open(c->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log_fd < 0) die("open %s", c->log);

  sigset_t handled;
  sigemptyset(&handled);
  sigaddset(&handled, SIGCHLD);
  sigaddset(&handled, SIGTERM);
  sigprocmask(SIG_BLOCK, &handled, &original_mask);
  signal_fd = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd < 0) die("signalfd");
  if (c->stdin) stdin_listen_on(c->stdin);

  long backoff = 0;
  for (;;) {
    static struct stream s[2];
    long long ran_ms = 0;
    int code = 0;
    int status = run_once(c, s, &ran_ms, &code);
    if (status < 0) {
      write_exit(c->exit, code); /* never started: the start step's status */
      break;
    }
    code = exit_code(status);
    int decision = exit_step(c, code);
    if (decision == RESTART_EXIT && !stop_requested) {
      backoff = next_backoff(backoff, ran_ms);
      wait_until(NULL, NULL, stop_or_never, NULL, (int)backoff);
      if (stop_requested) break; /* hoist stop during the back-off: it records the end */
      continue;
    }
    if (decision != 0 && decision != RESTART_EXIT) {
      write_exit(c->exit, code); /* the step failed: the exit is on record all the same */
    }
    break;
  }
  if (c->stdin) unlink(c->stdin);
  close(log_fd);
  trace("monitor: ends");
}

/* The channel that is stdin has ended: the process that started the checks is done. */
static int input_closed(void *arg) {
  struct channel *ch = arg;
  ch->len = 0; /* what it writes is not kept */
  return ch->fd < 0;
}

/*
 * hoist-monitor --health HEALTH: the health checks of a container that runs in the foreground
 * (its hoist waits for it), as the monitor runs them for a detached one, until stdin ends.
 */
static int health_only(const char *path) {
  signal(SIGPIPE, SIG_IGN);
  sigset_t handled;
  sigemptyset(&handled);
  sigaddset(&handled, SIGCHLD);
  sigprocmask(SIG_BLOCK, &handled, &original_mask);
  signal_fd = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd < 0) die("signalfd");
  struct channel input = {0, NULL, 0, 0};
  health_begin(path);
  while (!wait_until(NULL, &input, input_closed, &input, health_wait_ms(1000))) {
    health_tick();
  }
  health_end();
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "--health")) return health_only(argv[2]);
  if (argc != 2) {
    dprintf(2, "usage: hoist-monitor CONFIG | --health HEALTH\n");
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
