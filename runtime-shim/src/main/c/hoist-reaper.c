/*
 * hoist-reaper: what Testcontainers' reaper (the image testcontainers/ryuk) does, over the
 * Docker Engine API at /var/run/docker.sock (hoist's service, or Docker's daemon), so that
 * Testcontainers runs with its reaper enabled without an image from Docker Hub. `hoist system
 * reaper` tags an image of it with Ryuk's name; docs/engine-api.md.
 *
 * The protocol (Testcontainers' RyukResourceReaper): the client connects to TCP port 8080 and
 * sends lines, each a filter: URL-encoded `label=KEY%3DVALUE` pairs joined by `&` (all of them
 * must match); each line is answered `ACK\n`. Once every connection has closed and none came
 * back within the reconnection timeout, the containers (forced, with their anonymous volumes),
 * networks, volumes and images that any filter matches are removed, and the reaper exits. If
 * no connection comes within the connection timeout, it exits without removing anything.
 *
 * Environment, as Ryuk's: RYUK_PORT (8080), RYUK_CONNECTION_TIMEOUT (60s),
 * RYUK_RECONNECTION_TIMEOUT (10s); durations as Go's `10s`, `500ms`, `1m`. DOCKER_HOST
 * (`unix:///PATH`) names another socket. It prints `Started` once it listens (Testcontainers
 * waits for that line) and one line per removal. Plain libc; built static.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 64
#define MAX_FILTERS 256
#define LINE_MAX_BYTES 8192
/* a line's filter as JSON (each byte escaped to at most 6), then URL-encoded (3 each) */
#define JSON_MAX (LINE_MAX_BYTES * 6 + 256)
#define FILTER_MAX (JSON_MAX * 3)

static const char *docker_socket = "/var/run/docker.sock";

static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "hoist-reaper: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "%s%s\n", errno ? ": " : "", errno ? strerror(errno) : "");
  va_end(ap);
  exit(1);
}

/* A Go duration (`10s`, `500ms`, `1m`, `1m30s`) or plain seconds, in milliseconds. */
static long duration_ms(const char *name, long dflt) {
  const char *v = getenv(name);
  if (!v || !*v) return dflt;
  long total = 0;
  const char *p = v;
  while (*p) {
    char *end;
    double n = strtod(p, &end);
    if (end == p) fail("%s=%s is not a duration", name, v);
    p = end;
    double unit = 1000;
    if (!strncmp(p, "ms", 2)) unit = 1, p += 2;
    else if (*p == 's') unit = 1000, p++;
    else if (*p == 'm') unit = 60000, p++;
    else if (*p == 'h') unit = 3600000, p++;
    else if (*p) fail("%s=%s is not a duration", name, v);
    total += (long)(n * unit);
  }
  return total;
}

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* ---- filters ---------------------------------------------------------------------------- */

/* Each filter: its Docker `filters` query value, URL-encoded JSON {"label":["K=V",...]}. */
static char *filters[MAX_FILTERS];
static int nfilters;

static int hex(int c) {
  return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* Decodes application/x-www-form-urlencoded text in place. */
static void url_decode(char *s) {
  char *o = s;
  for (; *s; s++) {
    if (*s == '+') *o++ = ' ';
    else if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
      *o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
      s += 2;
    } else *o++ = *s;
  }
  *o = '\0';
}

/* Appends `s` to the buffer, percent-encoding all but unreserved characters. */
static void url_encode_to(char *out, size_t size, size_t *len, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (*len + 4 >= size) fail("a filter is too long");
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out[(*len)++] = (char)c;
    else *len += (size_t)snprintf(out + *len, size - *len, "%%%02X", c);
  }
  out[*len] = '\0';
}

/* Appends `s` to the buffer; fails when it does not fit. */
static void append(char *out, size_t size, size_t *len, const char *s) {
  size_t n = strlen(s);
  if (*len + n + 1 > size) fail("a filter is too long");
  memcpy(out + *len, s, n + 1);
  *len += n;
}

/* JSON-escapes `s` into a quoted string appended to the buffer. */
static void json_string_to(char *out, size_t size, size_t *len, const char *s) {
  if (*len + 2 >= size) fail("a filter is too long");
  out[(*len)++] = '"';
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (*len + 8 >= size) fail("a filter is too long");
    if (c == '"' || c == '\\') out[(*len)++] = '\\', out[(*len)++] = (char)c;
    else if (c < 0x20) *len += (size_t)snprintf(out + *len, size - *len, "\\u%04x", c);
    else out[(*len)++] = (char)c;
  }
  out[(*len)++] = '"';
  out[*len] = '\0';
}

/* A line `label=A%3DB&label=C%3DD` as a Docker filters query value; 0 when it names none. */
static int add_filter(char *line) {
  static char json[JSON_MAX];
  size_t len = 0;
  append(json, sizeof json, &len, "{");
  const char *keys[] = {"label", "name", "id"};
  int any = 0;
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
    int first = 1;
    char copy[LINE_MAX_BYTES];
    snprintf(copy, sizeof copy, "%s", line);
    char *save = NULL;
    for (char *pair = strtok_r(copy, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
      char *eq = strchr(pair, '=');
      if (!eq) continue;
      *eq = '\0';
      url_decode(pair);
      char *value = eq + 1;
      url_decode(value);
      if (strcmp(pair, keys[k])) continue;
      if (first) {
        if (any) append(json, sizeof json, &len, ",");
        append(json, sizeof json, &len, "\"");
        append(json, sizeof json, &len, keys[k]);
        append(json, sizeof json, &len, "\":[");
        first = 0;
      } else {
        append(json, sizeof json, &len, ",");
      }
      json_string_to(json, sizeof json, &len, value);
      any = 1;
    }
    if (!first) append(json, sizeof json, &len, "]");
  }
  append(json, sizeof json, &len, "}");
  if (!any) return 0;
  static char encoded[FILTER_MAX];
  size_t elen = 0;
  url_encode_to(encoded, sizeof encoded, &elen, json);
  for (int i = 0; i < nfilters; i++) {
    if (!strcmp(filters[i], encoded)) return 1;
  }
  if (nfilters == MAX_FILTERS) fail("more than %d filters", MAX_FILTERS);
  filters[nfilters] = strdup(encoded);
  if (!filters[nfilters]) fail("out of memory");
  nfilters++;
  return 1;
}

/* ---- the Engine API --------------------------------------------------------------------- */

/* One request over the socket; its status, the body (de-chunked) in *body (malloc'd). */
static int api(const char *method, const char *path, char **body) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket");
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", docker_socket);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    fprintf(stderr, "hoist-reaper: connect %s: %s\n", docker_socket, strerror(errno));
    close(fd);
    return -1;
  }
  static char request[FILTER_MAX + 512];
  int n = snprintf(request, sizeof request,
                   "%s %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: hoist-reaper\r\n"
                   "Content-Length: 0\r\nConnection: close\r\n\r\n",
                   method, path);
  if (n >= (int)sizeof request) fail("a request is too long");
  for (int off = 0; off < n;) {
    ssize_t w = write(fd, request + off, (size_t)(n - off));
    if (w <= 0) {
      close(fd);
      return -1;
    }
    off += (int)w;
  }
  size_t cap = 65536, len = 0;
  char *all = malloc(cap);
  if (!all) fail("out of memory");
  for (;;) {
    if (len + 4096 > cap) {
      cap *= 2;
      all = realloc(all, cap);
      if (!all) fail("out of memory");
    }
    ssize_t r = read(fd, all + len, cap - len - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += (size_t)r;
  }
  close(fd);
  all[len] = '\0';
  int status = 0;
  if (sscanf(all, "HTTP/1.%*d %d", &status) != 1) {
    free(all);
    return -1;
  }
  char *start = strstr(all, "\r\n\r\n");
  start = start ? start + 4 : all + len;
  int chunked = 0;
  for (char *h = all; h < start; h = strstr(h, "\r\n") + 2) {
    if (!strncasecmp(h, "transfer-encoding:", 18) && strcasestr(h, "chunked") &&
        strcasestr(h, "chunked") < strstr(h, "\r\n"))
      chunked = 1;
    if (!strstr(h, "\r\n")) break;
  }
  char *out = malloc(len + 1);
  if (!out) fail("out of memory");
  size_t olen = 0;
  if (chunked) {
    char *p = start;
    for (;;) {
      char *end;
      unsigned long size = strtoul(p, &end, 16);
      if (end == p || size == 0) break;
      p = strstr(end, "\r\n");
      if (!p) break;
      p += 2;
      if (p + size > all + len) size = (unsigned long)(all + len - p);
      memcpy(out + olen, p, size);
      olen += size;
      p += size + 2;
      if (p >= all + len) break;
    }
  } else {
    olen = (size_t)(all + len - start);
    memcpy(out, start, olen);
  }
  out[olen] = '\0';
  free(all);
  *body = out;
  return status;
}

/* Each string value of `"KEY":"..."` in a JSON list (a crude scan: the keys asked for are
 * top-level ones no nested object of these answers has), removed with `method` `prefix`VALUE
 * `suffix`; none that starts with `skip` (when not empty). */
static void remove_each(const char *list_path, const char *key, const char *method,
                        const char *prefix, const char *suffix, const char *what,
                        const char *skip) {
  char *body;
  int status = api("GET", list_path, &body);
  if (status != 200) {
    if (status > 0) {
      fprintf(stderr, "hoist-reaper: GET %s: %d %s\n", list_path, status, body);
      free(body);
    }
    return;
  }
  char needle[64];
  snprintf(needle, sizeof needle, "\"%s\":\"", key);
  for (char *p = strstr(body, needle); p; p = strstr(p, needle)) {
    p += strlen(needle);
    char *end = strchr(p, '"');
    if (!end) break;
    char value[512];
    size_t vlen = (size_t)(end - p);
    if (vlen == 0 || vlen >= sizeof value) continue;
    memcpy(value, p, vlen);
    value[vlen] = '\0';
    if (skip[0] && !strncmp(value, skip, strlen(skip))) {
      p = end; /* the reaper's own container: Ryuk never removes itself mid-prune */
      continue;
    }
    char encoded[1600];
    size_t elen = 0;
    url_encode_to(encoded, sizeof encoded, &elen, value);
    char path[2048];
    snprintf(path, sizeof path, "%s%s%s", prefix, encoded, suffix);
    char *answer;
    int s = api(method, path, &answer);
    if (s >= 200 && s < 300) {
      printf("removed %s %s\n", what, value);
    } else if (s > 0) {
      fprintf(stderr, "hoist-reaper: %s %s: %d %s\n", method, path, s, answer);
    }
    if (s > 0) free(answer);
    p = end;
  }
  free(body);
}

/* What every filter matches: containers first (their networks and volumes are then free). */
static void prune(void) {
  static char path[FILTER_MAX + 256];
  /* this container's own ID begins with its host name (Docker's and hoist's default): it
   * carries the session's labels too, and removing it would end the prune before the rest */
  char self[65] = "";
  if (gethostname(self, sizeof self - 1) != 0 || strlen(self) != 12
      || strspn(self, "0123456789abcdef") != 12) {
    self[0] = '\0';
  }
  for (int i = 0; i < nfilters; i++) {
    snprintf(path, sizeof path, "/containers/json?all=1&filters=%s", filters[i]);
    remove_each(path, "Id", "DELETE", "/containers/", "?force=1&v=1", "container", self);
  }
  for (int i = 0; i < nfilters; i++) {
    snprintf(path, sizeof path, "/networks?filters=%s", filters[i]);
    remove_each(path, "Id", "DELETE", "/networks/", "", "network", "");
    snprintf(path, sizeof path, "/volumes?filters=%s", filters[i]);
    remove_each(path, "Name", "DELETE", "/volumes/", "?force=1", "volume", "");
    snprintf(path, sizeof path, "/images/json?filters=%s", filters[i]);
    remove_each(path, "Id", "DELETE", "/images/", "?force=1", "image", "");
  }
  fflush(stdout);
}

/* ---- the listener ----------------------------------------------------------------------- */

struct client {
  int fd;
  char line[LINE_MAX_BYTES];
  size_t len;
};

static struct client clients[MAX_CLIENTS];
static int nclients;

/* Reads what the client sent; each whole line a filter, acknowledged. 0: the client is gone. */
static int serve(struct client *c) {
  ssize_t r = read(c->fd, c->line + c->len, sizeof c->line - 1 - c->len);
  if (r < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
  if (r <= 0) return 0;
  c->len += (size_t)r;
  char *nl;
  while ((nl = memchr(c->line, '\n', c->len))) {
    *nl = '\0';
    if (nl > c->line && nl[-1] == '\r') nl[-1] = '\0';
    if (c->line[0]) {
      int known = add_filter(c->line);
      printf("%s filter %s\n", known ? "adding" : "ignoring", c->line);
      fflush(stdout);
    }
    if (send(c->fd, "ACK\n", 4, MSG_NOSIGNAL) != 4) return 0;
    size_t used = (size_t)(nl - c->line) + 1;
    memmove(c->line, nl + 1, c->len - used);
    c->len -= used;
  }
  if (c->len == sizeof c->line - 1) return 0; /* a line too long: not the protocol */
  return 1;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  const char *host = getenv("DOCKER_HOST");
  if (host && !strncmp(host, "unix://", 7)) docker_socket = host + 7;
  long connection_timeout = duration_ms("RYUK_CONNECTION_TIMEOUT", 60000);
  long reconnection_timeout = duration_ms("RYUK_RECONNECTION_TIMEOUT", 10000);
  const char *port_text = getenv("RYUK_PORT");
  int port = port_text && *port_text ? atoi(port_text) : 8080;
  if (port <= 0 || port > 65535) fail("RYUK_PORT=%s is not a port", port_text);

  int listener = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int v6 = listener >= 0;
  if (!v6) listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) fail("socket");
  int one = 1, zero = 0;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (v6) setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port),
                            .sin6_addr = IN6ADDR_ANY_INIT};
  struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                           .sin_addr = {htonl(INADDR_ANY)}};
  if (v6 ? bind(listener, (struct sockaddr *)&a6, sizeof a6)
         : bind(listener, (struct sockaddr *)&a4, sizeof a4))
    fail("bind port %d", port);
  if (listen(listener, 16) < 0) fail("listen");
  printf("Started: hoist-reaper listening on port %d, removing through %s\n", port,
         docker_socket);
  fflush(stdout);

  long deadline = now_ms() + connection_timeout; /* no client yet */
  int ever = 0;
  for (;;) {
    struct pollfd fds[MAX_CLIENTS + 1];
    fds[0] = (struct pollfd){listener, POLLIN, 0};
    for (int i = 0; i < nclients; i++) fds[i + 1] = (struct pollfd){clients[i].fd, POLLIN, 0};
    long wait = nclients ? -1 : deadline - now_ms();
    if (!nclients && wait <= 0) break;
    int r = poll(fds, (nfds_t)nclients + 1, (int)(wait > 60000 ? 60000 : wait));
    if (r < 0 && errno != EINTR) fail("poll");
    if (r <= 0) continue;
    for (int i = nclients - 1; i >= 0; i--) {
      if (fds[i + 1].revents && !serve(&clients[i])) {
        close(clients[i].fd);
        clients[i] = clients[--nclients];
        if (!nclients) deadline = now_ms() + reconnection_timeout;
      }
    }
    if (fds[0].revents & POLLIN) {
      int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
      if (fd >= 0 && nclients < MAX_CLIENTS) {
        clients[nclients].fd = fd;
        clients[nclients].len = 0;
        nclients++;
        ever = 1;
      } else if (fd >= 0) {
        close(fd);
      }
    }
  }
  if (!ever) {
    printf("no client within the connection timeout: nothing to remove\n");
    return 0;
  }
  printf("every client gone: removing what %d filter(s) match\n", nfilters);
  fflush(stdout);
  prune();
  return 0;
}
