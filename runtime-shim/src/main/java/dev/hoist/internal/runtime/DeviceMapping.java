package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code --device HOST[:CONTAINER[:PERMS]]}: the host's device node {@code pathOnHost} made at
 * {@code pathInContainer} (the same path by default) and allowed in the device cgroup with
 * {@code cgroupPermissions} ({@code rwm} by default), as Docker's {@code HostConfig.Devices}.
 */
public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {
  public DeviceMapping {
    if (!pathInContainer.startsWith("/")) {
      throw new IllegalArgumentException(pathInContainer
          + " is not an absolute path (--device's container path)");
    }
    if (cgroupPermissions.isEmpty() || !cgroupPermissions.matches("r?w?m?")) {
      throw new IllegalArgumentException("invalid device mode: " + cgroupPermissions);
    }
  }

  /** Docker's forms: {@code HOST}, {@code HOST:CONTAINER}, {@code HOST:PERMS}, all three. */
  public static DeviceMapping parse(String text) {
    String[] parts = text.split(":", -1);
    String host = parts[0];
    String container = host;
    String perms = "rwm";
    if (parts.length == 2) {
      if (parts[1].matches("[rwm]{1,3}")) {
        perms = parts[1];
      } else {
        container = parts[1];
      }
    } else if (parts.length == 3) {
      container = parts[1];
      perms = parts[2];
    } else if (parts.length > 3) {
      throw new IllegalArgumentException("invalid device specification: " + text);
    }
    if (host.isEmpty() || !host.startsWith("/")) {
      throw new IllegalArgumentException("invalid device specification: " + text
          + " (the host path must be absolute)");
    }
    return new DeviceMapping(host, container, perms);
  }

  /** The node to make in the container, read from the host now. */
  DeviceNode node() throws IOException {
    return DeviceNode.read(Path.of(pathOnHost), pathInContainer)
        .orElseThrow(() -> new IOException("error gathering device information while adding "
            + "custom device \"" + pathOnHost + "\": not a device node"));
  }

  /**
   * A device node of the container: its type ({@code c} or {@code b}), numbers, mode bits,
   * owner and path inside the container.
   */
  record DeviceNode(char type, int major, int minor, int mode, int uid, int gid, String path) {
    /** Directories of the host's {@code /dev} a privileged container does not get (as runc). */
    private static final Set<String> SKIPPED = Set.of("pts", "shm", "fd", "mqueue", ".lxc",
        ".lxd-mounts", ".udev");

    /** The node at {@code host}, to be made at {@code path}; empty when it is no device. */
    static java.util.Optional<DeviceNode> read(Path host, String path) throws IOException {
      if (!Files.exists(host)) {
        throw new IOException("error gathering device information while adding custom device \""
            + host + "\": no such file or directory");
      }
      int mode = (Integer) Files.getAttribute(host, "unix:mode");
      int format = mode & 0170000;
      if (format != 0020000 && format != 0060000) {
        return java.util.Optional.empty();
      }
      long rdev = (Long) Files.getAttribute(host, "unix:rdev");
      int major = (int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL));
      int minor = (int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL));
      return java.util.Optional.of(new DeviceNode(format == 0020000 ? 'c' : 'b', major, minor,
          mode & 07777, (Integer) Files.getAttribute(host, "unix:uid"),
          (Integer) Files.getAttribute(host, "unix:gid"), path));
    }

    /** Every device node under the host's {@code /dev} (a privileged container's). */
    static List<DeviceNode> hostDevices() throws IOException {
      List<DeviceNode> nodes = new ArrayList<>();
      Path dev = Path.of("/dev");
      try (Stream<Path> walk = Files.walk(dev)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path rel = dev.relativize(p);
          if (rel.getNameCount() > 0 && SKIPPED.contains(rel.getName(0).toString())
              || p.toString().equals("/dev/console")
              || Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          read(p, p.toString()).ifPresent(nodes::add);
        }
      }
      return nodes;
    }

    /** As the shim's {@code device} record: {@code TYPE MAJOR MINOR MODE UID GID PATH}. */
    String record() {
      return type + " " + major + " " + minor + " " + Integer.toOctalString(mode) + " " + uid
          + " " + gid + " " + path;
    }

    /** As OCI's {@code linux.devices} entry. */
    java.util.Map<String, Object> oci() {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("path", path);
      m.put("type", String.valueOf(type));
      m.put("major", major);
      m.put("minor", minor);
      m.put("fileMode", mode);
      m.put("uid", uid);
      m.put("gid", gid);
      return m;
    }
  }
}
