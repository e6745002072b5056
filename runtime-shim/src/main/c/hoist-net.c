/*
 * hoist-net: a container's network namespace and veth pairs, made and removed with rtnetlink
 * in one process (docs/networking.md, "How the namespace is made"). It replaces the `ip netns
 * add`, `ip link add ... type veth`, `ip -n NS addr/link/route` and `ip link del`/`ip netns
 * del` processes that each container's network cost.
 *
 *   hoist-net attach [--new] NETNS VETH,BRIDGE,IFNAME,MAC,ADDR/PREFIX[,MTU] ...
 *           [via GATEWAY [mtu N]]
 *       --new: makes NETNS first as `ip netns add` does (a file bind-mounted on a new network
 *       namespace, /run/netns shared) with `lo` up. Then per interface: a veth pair VETH
 *       (host end, on BRIDGE, up) and IFNAME (in NETNS, MAC, ADDR/PREFIX, up), both ends at MTU
 *       when given; then a default route via GATEWAY (with the route metric MTU N when given). Prints "nft-generation N" (the host's nf_tables rule-set generation
 *       read before anything was made; nothing when it cannot be read). On failure, nothing it
 *       made stays (a veth it made is deleted, a namespace it made unmounted and unlinked).
 *   hoist-net remove [--link VETH]... [--netns NETNS]... [--release DIR ADDRESS CONTAINER]
 *       Deletes the links (the peer goes with each) and unmounts and unlinks the namespaces;
 *       what is gone already is no error. --release: once all of that succeeded, releases the
 *       address as hoist's IpAllocator does: with the allocation directory DIR's lock held
 *       (DIR/lock, an fcntl write lock, as Java's FileChannel.lock takes), DIR/ADDRESS is
 *       removed if it still names CONTAINER ("container=CONTAINER" line). A program about to
 *       exit hands the removal to this process instead of waiting for it; when the removal
 *       fails the address stays held for an owner that is gone, and the next attach or
 *       `hoist system check` removes what is left.
 *   hoist-net nft-generation
 *       Prints "nft-generation N".
 *   hoist-net serve
 *       Runs the commands above, one at a time, as a long-lived process asks for them (the
 *       Engine API service, where a process start per attach and per removal was most of the
 *       network's cost): a request on standard input is a line with the count of its arguments,
 *       then each argument ended by a NUL byte ("3\nremove\0--link\0vh0a580002\0"); each runs
 *       in a child forked for it (its namespace changes and its exit are its own, as a process
 *       of its own would), and the answer on standard output is a line "STATUS LENGTH", then
 *       the LENGTH bytes the command printed (stdout and stderr together). Ends at the end of
 *       its input: when its parent is gone. Its removals answer once each link is unlisted
 *       (gone from /sys/class/net and its bridge, its name free), not when the kernel has
 *       finished with it 10-20 ms later: a child of the server's finishes that (it waits for
 *       those before it ends).
 *
 * Exit status 0 on success, 1 with one line on stderr on failure, 2 for a bad command line.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h> /* before the kernel's headers, which then leave if.h out */
#include <linux/if_link.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NETNS_RUN_DIR "/run/netns"
#define MAX_IFACES 32

struct iface {
  char veth[IFNAMSIZ];
  char bridge[IFNAMSIZ];
  char ifname[IFNAMSIZ];
  unsigned char mac[6];
  struct in_addr addr;
  int prefix;
  unsigned mtu; /* 0: the kernel's default */
};

static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("hoist-net: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* ---- netlink messages ---- */

struct req {
  struct nlmsghdr h;
  char buf[4096];
};

static void *tail(struct req *r) { return (char *)&r->h + NLMSG_ALIGN(r->h.nlmsg_len); }

static struct rtattr *attr(struct req *r, int type, const void *data, size_t len) {
  struct rtattr *a = tail(r);
  a->rta_type = type;
  a->rta_len = RTA_LENGTH(len);
  if (len) memcpy(RTA_DATA(a), data, len);
  r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
  return a;
}

static struct rtattr *nest(struct req *r, int type) { return attr(r, type, NULL, 0); }

static void end_nest(struct req *r, struct rtattr *a) {
  a->rta_len = (unsigned short)((char *)tail(r) - (char *)a);
}

static void *put(struct req *r, size_t len) {
  void *p = tail(r);
  memset(p, 0, len);
  r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + NLMSG_ALIGN(len);
  return p;
}

static void start(struct req *r, int type, int flags) {
  memset(r, 0, sizeof(struct nlmsghdr));
  r->h.nlmsg_len = NLMSG_HDRLEN;
  r->h.nlmsg_type = type;
  r->h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
}

static int nl_open(int protocol) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  if (fd < 0) return -1;
  struct sockaddr_nl local = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&local, sizeof local) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Sends r and waits for its acknowledgement: 0, or the negative errno the kernel answered. */
static int talk(int fd, struct req *r) {
  static unsigned seq;
  r->h.nlmsg_seq = ++seq;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  if (sendto(fd, &r->h, r->h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
    return -errno;
  char buf[8192];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
         h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_seq != r->h.nlmsg_seq) continue;
      if (h->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *e = NLMSG_DATA(h);
        return e->error;
      }
    }
  }
}

/* ---- links, addresses, routes ---- */

static int link_up(int fd, int index) {
  struct req r;
  start(&r, RTM_NEWLINK, 0);
  struct ifinfomsg *i = put(&r, sizeof *i);
  i->ifi_family = AF_UNSPEC;
  i->ifi_index = index;
  i->ifi_flags = IFF_UP;
  i->ifi_change = IFF_UP;
  return talk(fd, &r);
}

static int link_del(int fd, const char *name) {
  struct req r;
  start(&r, RTM_DELLINK, 0);
  struct ifinfomsg *i = put(&r, sizeof *i);
  i->ifi_family = AF_UNSPEC;
  attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
  return talk(fd, &r);
}

/*
 * Whether a link's deletion may answer once the kernel has unlisted the link (serve: its
 * grandchildren are reaped by the server, their subreaper) rather than once the kernel has
 * finished with it.
 */
static int answer_when_unlisted;

/*
 * As link_del, answering as soon as the link is unlisted: gone from /sys/class/net (its name
 * free again, off its bridge; the kernel removes the sysfs entry right after it sent the
 * link's RTM_DELLINK notification, which wakes this up), while the deletion's tail (an RCU
 * barrier, waiting for the device's last references: 10-20 ms of the request that the kernel
 * answers only at its end) goes on in a process of its own. The kernel's own answer counts
 * when it comes first (the link missing, an error).
 */
static int link_del_unlisted(const char *name) {
  char sysfs[64];
  snprintf(sysfs, sizeof sysfs, "/sys/class/net/%s", name);
  /* a link this /sys does not list (no link, or a /sys of another network namespace) cannot be
   * seen going: it is deleted the plain way, the answer after the kernel's */
  int listed = access(sysfs, F_OK) == 0;
  int events = listed
      ? socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE) : -1;
  struct sockaddr_nl groups = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK};
  int result[2];
  if (events < 0 || bind(events, (struct sockaddr *)&groups, sizeof groups) < 0
      || pipe2(result, O_CLOEXEC) < 0) {
    if (events >= 0) close(events);
    int fd = nl_open(NETLINK_ROUTE);
    int rc = fd < 0 ? -errno : link_del(fd, name);
    if (fd >= 0) close(fd);
    return rc;
  }
  pid_t deleter = fork();
  if (deleter < 0) {
    int forking = errno;
    close(events);
    close(result[0]);
    close(result[1]);
    return -forking;
  }
  if (deleter == 0) { /* outlives the answer: holds nothing of the answer's pipe */
    signal(SIGPIPE, SIG_IGN); /* its result may come when nobody waits for it any more */
    close(events);
    close(result[0]);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
    }
    int fd = nl_open(NETLINK_ROUTE);
    int rc = fd < 0 ? -errno : link_del(fd, name);
    if (write(result[1], &rc, sizeof rc) < 0) _exit(1);
    _exit(0);
  }
  close(result[1]);
  int rc = 1; /* 1: not known yet */
  while (rc == 1) {
    struct pollfd p[2] = {{.fd = result[0], .events = POLLIN}, {.fd = events, .events = POLLIN}};
    int n = poll(p, 2, 2); /* a wake-up lost (ENOBUFS) costs 2 ms at most */
    if (n < 0 && errno != EINTR) { /* cannot watch: the deleter's own answer, when it comes */
      int answer;
      ssize_t got;
      while ((got = read(result[0], &answer, sizeof answer)) < 0 && errno == EINTR) {
      }
      rc = got == (ssize_t)sizeof answer ? answer : -EIO;
      break;
    }
    if (p[0].revents) {
      int answer;
      rc = read(result[0], &answer, sizeof answer) == (ssize_t)sizeof answer ? answer : -EIO;
      break;
    }
    char drain[8192];
    while (recv(events, drain, sizeof drain, 0) > 0) {
    }
    if (access(sysfs, F_OK) < 0 && errno == ENOENT) rc = 0;
  }
  close(events);
  close(result[0]);
  return rc;
}

/* The veth pair: f->veth here, up, on its bridge; f->ifname with f->mac in the namespace ns. */
static int veth_add(int fd, const struct iface *f, int master, int ns) {
  struct req r;
  start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  struct ifinfomsg *i = put(&r, sizeof *i);
  i->ifi_family = AF_UNSPEC;
  i->ifi_flags = IFF_UP;
  i->ifi_change = IFF_UP;
  attr(&r, IFLA_IFNAME, f->veth, strlen(f->veth) + 1);
  uint32_t mtu = f->mtu;
  if (mtu) attr(&r, IFLA_MTU, &mtu, sizeof mtu);
  uint32_t m = (uint32_t)master;
  attr(&r, IFLA_MASTER, &m, sizeof m);
  struct rtattr *info = nest(&r, IFLA_LINKINFO);
  attr(&r, IFLA_INFO_KIND, "veth", 4);
  struct rtattr *data = nest(&r, IFLA_INFO_DATA);
  struct rtattr *peer = nest(&r, VETH_INFO_PEER);
  struct ifinfomsg *p = put(&r, sizeof *p);
  p->ifi_family = AF_UNSPEC;
  attr(&r, IFLA_IFNAME, f->ifname, strlen(f->ifname) + 1);
  attr(&r, IFLA_ADDRESS, f->mac, sizeof f->mac);
  if (mtu) attr(&r, IFLA_MTU, &mtu, sizeof mtu);
  uint32_t nsfd = (uint32_t)ns;
  attr(&r, IFLA_NET_NS_FD, &nsfd, sizeof nsfd);
  end_nest(&r, peer);
  end_nest(&r, data);
  end_nest(&r, info);
  return talk(fd, &r);
}

static int addr_add(int fd, int index, struct in_addr a, int prefix) {
  struct req r;
  start(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  struct ifaddrmsg *m = put(&r, sizeof *m);
  m->ifa_family = AF_INET;
  m->ifa_prefixlen = (unsigned char)prefix;
  m->ifa_index = (unsigned)index;
  m->ifa_scope = RT_SCOPE_UNIVERSE;
  attr(&r, IFA_LOCAL, &a, sizeof a);
  attr(&r, IFA_ADDRESS, &a, sizeof a);
  return talk(fd, &r);
}

/* The default route via gateway; with the route metric RTAX_MTU when mtu is not 0. */
static int default_route(int fd, struct in_addr gateway, unsigned mtu) {
  struct req r;
  start(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  struct rtmsg *m = put(&r, sizeof *m);
  m->rtm_family = AF_INET;
  m->rtm_table = RT_TABLE_MAIN;
  m->rtm_protocol = RTPROT_BOOT;
  m->rtm_scope = RT_SCOPE_UNIVERSE;
  m->rtm_type = RTN_UNICAST;
  attr(&r, RTA_GATEWAY, &gateway, sizeof gateway);
  if (mtu) {
    struct rtattr *metrics = nest(&r, RTA_METRICS);
    uint32_t value = mtu;
    attr(&r, RTAX_MTU, &value, sizeof value);
    end_nest(&r, metrics);
  }
  return talk(fd, &r);
}

/* ---- nf_tables' rule-set generation ---- */

static long nft_generation(void) {
  int fd = nl_open(NETLINK_NETFILTER);
  if (fd < 0) return -1;
  struct req r;
  memset(&r, 0, sizeof(struct nlmsghdr));
  r.h.nlmsg_len = NLMSG_HDRLEN;
  r.h.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN;
  r.h.nlmsg_flags = NLM_F_REQUEST;
  r.h.nlmsg_seq = 1;
  struct nfgenmsg *g = put(&r, sizeof *g);
  g->nfgen_family = AF_UNSPEC;
  g->version = NFNETLINK_V0;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  long gen = -1;
  char buf[8192];
  ssize_t n;
  if (sendto(fd, &r.h, r.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0 ||
      (n = recv(fd, buf, sizeof buf, 0)) < 0) {
    close(fd);
    return -1;
  }
  for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
       h = NLMSG_NEXT(h, n)) {
    if (h->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWGEN)) continue;
    struct rtattr *a = (struct rtattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof *g));
    int len = (int)h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof *g));
    for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
      if ((a->rta_type & NLA_TYPE_MASK) == NFTA_GEN_ID) {
        gen = (long)ntohl(*(uint32_t *)RTA_DATA(a));
      }
    }
  }
  close(fd);
  return gen;
}

/* ---- the namespace ---- */

/* /run/netns as `ip netns add` leaves it: a directory that is a shared mount point. */
static int netns_dir(void) {
  if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST) return -1;
  int lock = open(NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) return -1;
  flock(lock, LOCK_EX);
  int rc = mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL);
  if (rc < 0 && errno == EINVAL) { /* not a mount point yet */
    rc = mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL);
    if (rc == 0) rc = mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL);
  }
  int saved = errno;
  flock(lock, LOCK_UN);
  close(lock);
  errno = saved;
  return rc;
}

static void netns_del(const char *path) {
  umount2(path, MNT_DETACH);
  unlink(path);
}

/*
 * Makes the namespace at path (a new network namespace bind-mounted there) and returns a
 * descriptor of it; *in_ns gets a netlink socket in it. Back in host_ns on return.
 */
static int netns_new(const char *path, int host_ns, int *in_ns) {
  if (netns_dir() < 0) {
    fail("cannot prepare %s: %s", NETNS_RUN_DIR, strerror(errno));
    return -1;
  }
  int f = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (f < 0) {
    fail("cannot create %s: %s", path, strerror(errno));
    return -1;
  }
  close(f);
  if (unshare(CLONE_NEWNET) < 0) {
    fail("unshare(CLONE_NEWNET): %s", strerror(errno));
    unlink(path);
    return -1;
  }
  int ns = -1;
  if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0) {
    fail("cannot bind the namespace on %s: %s", path, strerror(errno));
  } else if ((ns = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
    fail("cannot open %s: %s", path, strerror(errno));
  } else if ((*in_ns = nl_open(NETLINK_ROUTE)) < 0) {
    fail("netlink socket: %s", strerror(errno));
    close(ns);
    ns = -1;
  } else {
    int rc = link_up(*in_ns, 1); /* lo is the first link of a new namespace */
    if (rc < 0) {
      fail("cannot bring lo up: %s", strerror(-rc));
      close(*in_ns);
      close(ns);
      ns = -1;
    }
  }
  if (setns(host_ns, CLONE_NEWNET) < 0) {
    fail("cannot return to the host's namespace: %s", strerror(errno));
    exit(1);
  }
  if (ns < 0) netns_del(path);
  return ns;
}

/* Joins ns for a netlink socket there, back in host_ns on return. */
static int netlink_in(int ns, int host_ns) {
  if (setns(ns, CLONE_NEWNET) < 0) return -1;
  int fd = nl_open(NETLINK_ROUTE);
  int saved = errno;
  if (setns(host_ns, CLONE_NEWNET) < 0) {
    fail("cannot return to the host's namespace: %s", strerror(errno));
    exit(1);
  }
  errno = saved;
  return fd;
}

/* ---- the command line ---- */

/* "68".."65535" as an MTU; 0 when it is not one. */
static unsigned parse_mtu(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  return *s != '\0' && *end == '\0' && v >= 68 && v <= 65535 ? (unsigned)v : 0;
}

static int parse_iface(char *arg, struct iface *f) {
  char *field[6];
  int n = 0;
  for (char *s = arg, *comma; n < 6; s = comma + 1) {
    field[n++] = s;
    comma = strchr(s, ',');
    if (comma == NULL) break;
    *comma = '\0';
  }
  if (n != 5 && n != 6) return -1;
  f->mtu = 0;
  if (n == 6 && (f->mtu = parse_mtu(field[5])) == 0) return -1;
  for (int i = 0; i < 3; i++) {
    if (strlen(field[i]) == 0 || strlen(field[i]) >= IFNAMSIZ) return -1;
  }
  strcpy(f->veth, field[0]);
  strcpy(f->bridge, field[1]);
  strcpy(f->ifname, field[2]);
  unsigned m[6];
  char extra;
  if (sscanf(field[3], "%x:%x:%x:%x:%x:%x%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5],
             &extra) != 6)
    return -1;
  for (int i = 0; i < 6; i++) {
    if (m[i] > 255) return -1;
    f->mac[i] = (unsigned char)m[i];
  }
  char *slash = strchr(field[4], '/');
  if (slash == NULL) return -1;
  *slash = '\0';
  char *end;
  long prefix = strtol(slash + 1, &end, 10);
  if (*end != '\0' || prefix < 0 || prefix > 32 || inet_pton(AF_INET, field[4], &f->addr) != 1)
    return -1;
  f->prefix = (int)prefix;
  return 0;
}

static int attach(int argc, char **argv) {
  int i = 0, made_ns = 0;
  if (i < argc && strcmp(argv[i], "--new") == 0) {
    made_ns = 1;
    i++;
  }
  if (i >= argc) return 2;
  const char *path = argv[i++];
  static struct iface ifs[MAX_IFACES];
  int count = 0, route = 0;
  unsigned route_mtu = 0;
  struct in_addr gateway;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "via") == 0) {
      if (i + 2 > argc || inet_pton(AF_INET, argv[i + 1], &gateway) != 1) return 2;
      if (i + 2 != argc) {
        if (i + 4 != argc || strcmp(argv[i + 2], "mtu") != 0
            || (route_mtu = parse_mtu(argv[i + 3])) == 0)
          return 2;
      }
      route = 1;
      break;
    }
    if (count == MAX_IFACES || parse_iface(argv[i], &ifs[count]) < 0) return 2;
    count++;
  }
  long gen = nft_generation();
  int host_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  int host = nl_open(NETLINK_ROUTE);
  if (host_ns < 0 || host < 0) {
    fail("cannot open the host's namespace: %s", strerror(errno));
    return 1;
  }
  int in_ns = -1;
  int ns = made_ns ? netns_new(path, host_ns, &in_ns) : open(path, O_RDONLY | O_CLOEXEC);
  if (ns < 0) {
    if (!made_ns) fail("cannot open %s: %s", path, strerror(errno));
    return 1;
  }
  if (in_ns < 0 && (in_ns = netlink_in(ns, host_ns)) < 0) {
    fail("netlink socket in %s: %s", path, strerror(errno));
    return 1;
  }
  int made = 0, rc = 0;
  const char *what = "";
  const struct iface *f = NULL;
  for (; made < count; made++) {
    f = &ifs[made];
    int master = (int)if_nametoindex(f->bridge);
    if (master == 0) {
      rc = -errno;
      what = "no bridge";
      break;
    }
    if ((rc = veth_add(host, f, master, ns)) < 0) {
      what = "cannot make the veth pair";
      break;
    }
  }
  if (rc == 0 && setns(ns, CLONE_NEWNET) < 0) {
    rc = -errno;
    what = "cannot enter the namespace";
  }
  for (int k = 0; rc == 0 && k < count; k++) {
    f = &ifs[k];
    int index = (int)if_nametoindex(f->ifname);
    if (index == 0) {
      rc = -errno;
      what = "no interface";
    } else if ((rc = addr_add(in_ns, index, f->addr, f->prefix)) < 0) {
      what = "cannot add the address";
    } else if ((rc = link_up(in_ns, index)) < 0) {
      what = "cannot bring the interface up";
    }
  }
  if (rc == 0 && route && (rc = default_route(in_ns, gateway, route_mtu)) < 0) {
    what = "cannot add the default route";
    f = NULL;
  }
  if (setns(host_ns, CLONE_NEWNET) < 0) {
    fail("cannot return to the host's namespace: %s", strerror(errno));
    return 1;
  }
  if (rc < 0) {
    if (f != NULL) {
      fail("%s %s/%s (%s on %s): %s", what, f->veth, f->ifname, path, f->bridge, strerror(-rc));
    } else {
      fail("%s in %s: %s", what, path, strerror(-rc));
    }
    for (int k = 0; k < made; k++) link_del(host, ifs[k].veth);
    if (made_ns) netns_del(path);
    return 1;
  }
  if (gen >= 0) printf("nft-generation %ld\n", gen);
  return 0;
}

/*
 * Removes DIR/ADDRESS when it names CONTAINER, holding DIR/lock's fcntl write lock (the Java
 * allocator's FileChannel.lock): the address is free again only once its veth is gone, and an
 * address given to another container meanwhile is never touched.
 */
static int release(const char *dir, const char *address, const char *container) {
  char lock_path[4096], path[4096], want[512], buf[4096];
  if (snprintf(lock_path, sizeof lock_path, "%s/lock", dir) >= (int)sizeof lock_path
      || snprintf(path, sizeof path, "%s/%s", dir, address) >= (int)sizeof path
      || snprintf(want, sizeof want, "container=%s\n", container) >= (int)sizeof want
      || strchr(address, '/') != NULL) {
    fail("cannot release %s: bad arguments", address);
    return -1;
  }
  int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  struct flock whole = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  if (lock < 0 || fcntl(lock, F_SETLKW, &whole) < 0) {
    fail("cannot lock %s: %s", lock_path, strerror(errno));
    if (lock >= 0) close(lock);
    return -1;
  }
  int rc = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n >= 0) {
      buf[n] = '\0';
      if (strncmp(buf, want, strlen(want)) == 0) { /* IpAllocator writes it first */
        if (unlink(path) < 0 && errno != ENOENT) {
          fail("cannot release %s: %s", path, strerror(errno));
          rc = -1;
        }
      }
    }
  }
  close(lock); /* ends the lock */
  return rc;
}

static int remove_all(int argc, char **argv) {
  int host = -1, status = 0;
  for (int i = 0; i < argc; i++) {
    if (i + 1 >= argc) return 2;
    const char *name = argv[++i];
    if (strcmp(argv[i - 1], "--link") == 0) {
      if (host < 0 && (host = nl_open(NETLINK_ROUTE)) < 0) {
        fail("netlink socket: %s", strerror(errno));
        return 1;
      }
      int rc = answer_when_unlisted ? link_del_unlisted(name) : link_del(host, name);
      if (rc < 0 && rc != -ENODEV) {
        fail("cannot delete link %s: %s", name, strerror(-rc));
        status = 1;
      }
    } else if (strcmp(argv[i - 1], "--netns") == 0) {
      if (umount2(name, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
        fail("cannot unmount %s: %s", name, strerror(errno));
        status = 1;
      }
      if (unlink(name) < 0 && errno != ENOENT) {
        fail("cannot remove %s: %s", name, strerror(errno));
        status = 1;
      }
    } else if (strcmp(argv[i - 1], "--release") == 0) {
      if (i + 2 >= argc) return 2;
      const char *address = argv[++i], *container = argv[++i];
      if (status == 0 && release(name, address, container) < 0) status = 1;
    } else {
      return 2;
    }
  }
  return status;
}

/* One command of the command line (argv[0] is the command's name): its exit status. */
static int run(int argc, char **argv) {
  int rc = 2;
  if (argc >= 2 && strcmp(argv[1], "attach") == 0) {
    rc = attach(argc - 2, argv + 2);
  } else if (argc >= 2 && strcmp(argv[1], "remove") == 0) {
    rc = remove_all(argc - 2, argv + 2);
  } else if (argc == 2 && strcmp(argv[1], "nft-generation") == 0) {
    long gen = nft_generation();
    if (gen < 0) {
      fail("cannot read the nf_tables generation");
      return 1;
    }
    printf("nft-generation %ld\n", gen);
    rc = 0;
  }
  if (rc == 2) {
    fputs("usage: hoist-net attach [--new] NETNS VETH,BRIDGE,IFNAME,MAC,ADDR/PREFIX... "
          "[via GATEWAY]\n       hoist-net remove [--link VETH]... [--netns NETNS]... "
          "[--release DIR ADDRESS CONTAINER]\n"
          "       hoist-net nft-generation\n       hoist-net serve\n", stderr);
  }
  return rc;
}

/* Reads one request (see "serve" above) into *argv: its argument count, 0 at the end of input,
 * -1 for a malformed request. */
static int read_request(char ***argv) {
  static char *line;
  static size_t line_size;
  if (getline(&line, &line_size, stdin) < 0) return 0;
  char *end;
  long count = strtol(line, &end, 10);
  if (end == line || *end != '\n' || count < 1 || count > 4096) return -1;
  char **args = calloc((size_t)count + 2, sizeof *args);
  if (args == NULL) return -1;
  args[0] = "hoist-net";
  for (long i = 0; i < count; i++) {
    size_t size = 0;
    if (getdelim(&args[i + 1], &size, '\0', stdin) < 0) return -1;
  }
  *argv = args;
  return (int)count + 1;
}

/* Runs argv in a forked child, its output captured; answers "STATUS LENGTH\n" and the output. */
static int serve_one(int argc, char **argv) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) < 0) return -1;
  fflush(stdout);
  pid_t child = fork();
  if (child < 0) {
    int forking = errno;
    close(out[0]);
    close(out[1]);
    errno = forking;
    return -1;
  }
  if (child == 0) {
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(out[1], 2) < 0) _exit(1);
    close(null);
    close(out[0]);
    close(out[1]); /* only 1 and 2 hold the answer's pipe: a deleter that outlives this closes them */
    int rc = run(argc, argv);
    fflush(stdout);
    fflush(stderr);
    _exit(rc);
  }
  close(out[1]);
  char *text = NULL;
  size_t length = 0, size = 0;
  for (;;) {
    if (size - length < 4096) {
      char *grown = realloc(text, size += 8192);
      if (grown == NULL) break;
      text = grown;
    }
    ssize_t n = read(out[0], text + length, size - length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    length += (size_t)n;
  }
  close(out[0]);
  int status = 0;
  pid_t waited;
  while ((waited = waitpid(child, &status, 0)) < 0 && errno == EINTR) {
  }
  int rc = waited < 0 ? 1 /* its status is lost */
      : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("%d %zu\n", rc, length);
  if (length) fwrite(text, 1, length, stdout);
  free(text);
  return fflush(stdout) == 0 ? 0 : -1;
}

/* Ends the server with status rc once the deleters under way are done: none is left for init. */
static int serve_end(int rc) {
  while (wait(NULL) > 0 || errno == EINTR) {
  }
  return rc;
}

static int serve(void) {
  answer_when_unlisted = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
  /* a JVM gone mid-request makes writes fail, not kill: the server still waits for its
   * deleters, and a request's child still undoes what it made; children are waited for */
  signal(SIGPIPE, SIG_IGN);
  signal(SIGCHLD, SIG_DFL);
  for (;;) {
    while (waitpid(-1, NULL, WNOHANG) > 0) { /* link_del_unlisted's deleters that are done */
    }
    char **argv;
    int argc = read_request(&argv);
    if (argc == 0) return serve_end(0);
    if (argc < 0) {
      fail("serve: malformed request");
      return serve_end(2);
    }
    int rc = serve_one(argc, argv);
    for (int i = 1; i < argc; i++) free(argv[i]);
    free(argv);
    if (rc < 0) {
      fail("serve: %s", strerror(errno));
      return serve_end(1);
    }
  }
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "serve") == 0) return serve();
  return run(argc, argv);
}
