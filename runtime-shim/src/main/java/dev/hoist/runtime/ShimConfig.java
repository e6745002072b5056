package dev.hoist.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The shim's configuration file: NUL-terminated {@code key=value} records (the value runs to the
 * NUL, so it may hold any byte but NUL). Repeated keys ({@code lower}, {@code arg},
 * {@code env}, {@code group}, {@code bind}, {@code cgroup}) keep their order. See
 * docs/runtime-shim.md.
 */
final class ShimConfig {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ShimConfig put(String key, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(key + " contains a NUL character");
    }
    out.writeBytes((key + "=" + value).getBytes(StandardCharsets.UTF_8));
    out.write(0);
    return this;
  }

  /** The records for {@code spec}, whose files (hosts, resolv.conf, hostname) are given. */
  static ShimConfig of(ContainerSpec spec, String hostname, Path hosts, Path resolv,
      Path hostnameFile, List<Path> cgroups) {
    ShimConfig c = new ShimConfig();
    for (Path lower : spec.lowerDirs()) {
      String s = lower.toAbsolutePath().toString();
      if (s.contains(",") || s.contains(":") || s.contains("\\")) {
        throw new IllegalArgumentException(
            "lower directory has ',', ':' or '\\' (overlayfs separators): " + s);
      }
      c.put("lower", s);
    }
    c.put("upper", spec.upperDir().toAbsolutePath().toString());
    c.put("work", spec.workDir().toAbsolutePath().toString());
    c.put("rootfs", spec.rootfsDir().toAbsolutePath().toString());
    spec.argv().forEach(a -> c.put("arg", a));
    spec.env().forEach(e -> c.put("env", e));
    c.put("cwd", spec.cwd());
    c.put("uid", Integer.toString(spec.uid()));
    c.put("gid", Integer.toString(spec.gid()));
    spec.groups().forEach(g -> c.put("group", Integer.toString(g)));
    c.put("hostname", hostname);
    c.put("network", spec.network() == NetworkMode.HOST ? "host" : "none");
    c.put("readonly", spec.readonlyRootfs() ? "1" : "0");
    c.put("tty", spec.tty() ? "1" : "0");
    for (BindMount m : spec.mounts()) {
      c.put("bind", m.readOnly() ? "ro" : "rw");
      c.put("bind-src", m.source().toAbsolutePath().toString());
      c.put("bind-dst", m.target());
    }
    if (hosts != null) {
      c.put("hosts", hosts.toString());
    }
    if (resolv != null) {
      c.put("resolv", resolv.toString());
    }
    if (hostnameFile != null) {
      c.put("hostname-file", hostnameFile.toString());
    }
    cgroups.forEach(g -> c.put("cgroup", g.toString()));
    return c;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** Writes the file readable by its owner only (it holds the environment). */
  void write(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.write(file, bytes(), StandardOpenOption.TRUNCATE_EXISTING);
  }
}
