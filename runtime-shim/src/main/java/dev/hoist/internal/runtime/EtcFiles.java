package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.net.NetworkAttachment;
import dev.hoist.internal.runtime.net.ResolvConf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The files every runtime binds onto the container's {@code /etc/hostname}, {@code /etc/hosts}
 * and {@code /etc/resolv.conf}: always the container's own, written into the container directory
 * ({@code localhost} entries plus the container's name; an empty resolv.conf), for host
 * networking copies of the host's, as Docker's: the container (and a build's RUN step) never
 * gets the host's own files to write to.
 *
 * @param hostname the container's host name
 * @param hostnameFile {@code <containerDir>/hostname}
 * @param hosts the hosts file to bind
 * @param resolv the resolv.conf to bind
 */
record EtcFiles(String hostname, Path hostnameFile, Path hosts, Path resolv) {

  static final Path HOST_HOSTS = Path.of("/etc/hosts");
  static final Path HOST_RESOLV = Path.of("/etc/resolv.conf");

  private interface Writer {
    Path write() throws IOException;
  }

  static EtcFiles write(ContainerSpec spec) throws IOException {
    return write(spec, null);
  }

  /**
   * With {@code net} on the bridge: the host name resolves to the container's address, and
   * resolv.conf is the host's as {@link ResolvConf#forBridge} rewrites it; joining another
   * container ({@link NetworkMode#CONTAINER}): copies of that one's files. {@code --add-host}
   * entries go before the container's own line, {@code --dns…} options replace resolv.conf's
   * lines of their kind ({@link ResolvConf#withOptions}), as Docker writes them.
   */
  static EtcFiles write(ContainerSpec spec, ContainerNetwork net) throws IOException {
    Path dir = spec.containerDir().toAbsolutePath();
    if (spec.network() == NetworkMode.CONTAINER) {
      return copyJoined(spec, dir);
    }
    NetworkAttachment attached = net == null ? null : net.attachment();
    NetworkOptions options = spec.networkOptions();
    String hostname = spec.hostname();
    if (hostname == null || hostname.isEmpty()) {
      hostname = defaultHostname(dir, spec.network());
    }
    Path hostnameFile = dir.resolve("hostname");
    Files.writeString(hostnameFile, hostname + "\n");
    String extra = ExtraHosts.lines(options.extraHosts(),
        attached == null ? null : attached.gateway());
    Path hosts;
    Path resolv;
    if (spec.network() == NetworkMode.HOST) {
      String name = hostname;
      hosts = copyOrWrite(HOST_HOSTS, dir.resolve("hosts"), () -> writeHosts(dir, name));
      resolv = copyOrWrite(HOST_RESOLV, dir.resolve("resolv.conf"), () -> writeResolv(dir));
      if (!extra.isEmpty()) {
        Files.writeString(hosts, extra, StandardOpenOption.APPEND);
      }
    } else if (attached != null) {
      // on user networks the attachment keeps the hosts file (the other containers' names)
      hosts = attached.writesHosts() ? dir.resolve("hosts")
          : writeHosts(dir, hostname, attached.address(), extra);
      resolv = dir.resolve("resolv.conf");
      Files.writeString(resolv, ResolvConf.forBridge());
    } else {
      hosts = writeHosts(dir, hostname, "127.0.0.1", extra);
      resolv = writeResolv(dir);
    }
    if (!options.dns().isEmpty() || !options.dnsSearch().isEmpty()
        || !options.dnsOptions().isEmpty()) {
      Files.writeString(resolv, ResolvConf.withOptions(Files.readString(resolv), options.dns(),
          options.dnsSearch(), options.dnsOptions()));
    }
    return new EtcFiles(hostname, hostnameFile, hosts, resolv);
  }

  /** Copies of the joined container's host name, hosts and resolv.conf. */
  private static EtcFiles copyJoined(ContainerSpec spec, Path dir) throws IOException {
    Path joined = dir.getParent().resolve(spec.networkOptions().container());
    Path hostnameFile = dir.resolve("hostname");
    Path hosts = dir.resolve("hosts");
    Path resolv = dir.resolve("resolv.conf");
    Files.copy(joined.resolve("hostname"), hostnameFile, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(joined.resolve("hosts"), hosts, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(joined.resolve("resolv.conf"), resolv, StandardCopyOption.REPLACE_EXISTING);
    return new EtcFiles(Files.readString(hostnameFile).trim(), hostnameFile, hosts, resolv);
  }

  /**
   * A container's host name when none is given: the host's with host networking, else the first
   * 12 characters of the container directory's name (the ID).
   */
  static String defaultHostname(Path containerDir, NetworkMode network) {
    return network == NetworkMode.HOST
        ? hostHostname()
        : shortName(containerDir.toAbsolutePath().getFileName().toString());
  }

  private static String shortName(String name) {
    String s = name.replaceAll("[^A-Za-z0-9-]", "");
    s = s.length() > 12 ? s.substring(0, 12) : s;
    return s.isEmpty() ? "localhost" : s;
  }

  private static String hostHostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** A copy of the host's {@code file} at {@code copy}, or what {@code otherwise} writes. */
  private static Path copyOrWrite(Path file, Path copy, Writer otherwise) throws IOException {
    if (!Files.isRegularFile(file)) {
      return otherwise.write();
    }
    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
    return copy;
  }

  private static Path writeHosts(Path dir, String hostname) throws IOException {
    return writeHosts(dir, hostname, "127.0.0.1", "");
  }

  private static Path writeHosts(Path dir, String hostname, String address, String extra)
      throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1\tlocalhost\n"
        + "::1\tlocalhost ip6-localhost ip6-loopback\n"
        + extra + address + "\t" + hostname + "\n", StandardCharsets.UTF_8);
    return hosts;
  }

  private static Path writeResolv(Path dir) throws IOException {
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "# no network: the container has only lo\n");
    return resolv;
  }
}
