/* A client and server on an abstract UNIX socket (a name in the network namespace, no file):
 *   abstract-socket listen NAME   prints "listening", then greets each connection
 *   abstract-socket connect NAME  prints what the server sent; exit 1 when it cannot connect
 * Built statically by RunNetworkTest, which runs the server on the host and the client in a
 * RUN step. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3 || strlen(argv[2]) > sizeof(((struct sockaddr_un *)0)->sun_path) - 2) {
    fprintf(stderr, "usage: %s listen|connect NAME\n", argv[0]);
    return 2;
  }
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  size_t n = strlen(argv[2]);
  memcpy(a.sun_path + 1, argv[2], n); /* sun_path[0] == 0: abstract */
  socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  if (!strcmp(argv[1], "listen")) {
    if (bind(fd, (struct sockaddr *)&a, len) < 0 || listen(fd, 8) < 0) {
      perror("bind");
      return 1;
    }
    printf("listening\n");
    fflush(stdout);
    for (;;) {
      int c = accept(fd, NULL, NULL);
      if (c < 0) continue;
      const char *hello = "hello from the host\n";
      if (write(c, hello, strlen(hello)) < 0) perror("write");
      close(c);
    }
  }
  if (connect(fd, (struct sockaddr *)&a, len) < 0) {
    perror("connect");
    return 1;
  }
  char buf[256];
  ssize_t r;
  while ((r = read(fd, buf, sizeof buf)) > 0) {
    if (write(1, buf, (size_t)r) < 0) return 1;
  }
  return 0;
}
