package dev.hoist.internal.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shim's configuration file: NUL-terminated {@code key=value} records (the value runs to the
 * NUL, so it may hold any byte but NUL). Repeated keys ({@code lower}, {@code arg},
 * {@code env}, {@code group}, {@code bind}, {@code tmpfs}, {@code cgroup}) keep their order. See
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

  /** The records for {@code spec}, with its {@code /etc} files and cgroup directories. */
  static ShimConfig of(ContainerSpec spec, EtcFiles etc, List<Path> cgroups) {
    ShimConfig c = rootfs(spec.lowerDirs(), spec.upperDir(), spec.workDir(), spec.rootfsDir());
    spec.argv().forEach(a -> c.put("arg", a));
    spec.env().forEach(e -> c.put("env", e));
    c.put("cwd", spec.cwd());
    c.user(spec.uid(), spec.gid(), spec.groups());
    c.put("hostname", etc.hostname());
    if (spec.domainname() != null) {
      c.put("domainname", spec.domainname());
    }
    c.put("network", spec.network() == NetworkMode.HOST ? "host" : "none");
    c.put("readonly", spec.readonlyRootfs() ? "1" : "0");
    c.put("tty", spec.tty() ? "1" : "0");
    for (BindMount m : spec.mounts()) {
      c.put("bind", m.readOnly() ? "ro" : "rw");
      c.put("bind-src", m.source().toAbsolutePath().toString());
      c.put("bind-dst", m.target());
    }
    for (TmpfsMount t : spec.tmpfs()) {
      c.put("tmpfs", t.target());
      c.put("tmpfs-data", (t.readOnly() ? "ro," : "") + (t.exec() ? "" : "noexec,")
          + tmpfsData(t));
    }
    c.put("hosts", etc.hosts().toString());
    c.put("resolv", etc.resolv().toString());
    c.put("hostname-file", etc.hostnameFile().toString());
    cgroups.forEach(g -> c.put("cgroup", g.toString()));
    return c;
  }

  /**
   * The container's cgroup confinement beyond the directories it joins: its read-only
   * {@code /sys/fs/cgroup} ({@code cgroupfs}, see {@link Cgroups#insideMounts()}) and Docker's
   * device rules ({@code device-allow}) for the shim's v2 device program.
   */
  ShimConfig confine(Cgroups cgroups, List<DeviceRule> devices) {
    cgroups.insideMounts().forEach(m -> put("cgroupfs", m));
    devices.forEach(d -> put("device-allow", d.line()));
    return this;
  }

  /**
   * The container's {@link HostOptions}: what each of its processes gets ({@link #process}),
   * {@code privileged}, the device nodes to make ({@code device}), {@code shm-size} and, unless
   * {@code --init}, {@code noinit} (the command is PID 1).
   */
  ShimConfig host(HostOptions host) throws java.io.IOException {
    process(host);
    if (!host.runsInit()) {
      put("noinit", "1");
    }
    put("privileged", host.privileged() ? "1" : "0");
    for (DeviceMapping.DeviceNode n : DeviceAccess.nodes(host)) {
      put("device", n.record());
    }
    put("shm-size", Long.toString(host.shmBytes()));
    return this;
  }

  /**
   * The namespaces the container shares ({@code pid}, {@code ipc}: {@code host} or a joined
   * one's path; {@code uts=host}) and, with the host's IPC namespace, the host's
   * {@code /dev/shm} ({@code shm-source}; {@code ipc=none}: no {@code /dev/shm}), and the
   * {@code sysctl}s of its namespaces ({@link Sysctls#of}).
   */
  ShimConfig namespaces(ContainerSpec spec) throws java.io.IOException {
    NamespaceModes modes = spec.host().namespaces();
    if (modes.pid().equals("host")) {
      put("pid", "host");
    }
    JoinedNamespaces.path(spec, "pid", modes.pid()).ifPresent(p -> put("pid", p.toString()));
    if (modes.ipc().equals("host") || modes.ipc().equals("none")) {
      put("ipc", modes.ipc());
    }
    JoinedNamespaces.path(spec, "ipc", modes.ipc()).ifPresent(p -> put("ipc", p.toString()));
    JoinedNamespaces.shmSource(spec).ifPresent(p -> put("shm-source", p.toString()));
    if (modes.uts().equals("host")) {
      put("uts", "host");
    }
    Sysctls.of(spec).forEach((k, v) -> put("sysctl", Sysctls.path(k) + "=" + v));
    return this;
  }

  /**
   * What a process of the container ({@code exec} and health checks too) gets: capabilities,
   * no_new_privs, the {@code rlimit}s and {@code oom-score-adj}, as Docker's exec has them.
   */
  ShimConfig process(HostOptions host) {
    put("caps", Capabilities.mask(host.capabilities()));
    put("no-new-privs", host.noNewPrivileges() ? "1" : "0");
    host.ulimits().forEach(u -> put("rlimit", u.record()));
    put("oom-score-adj", Integer.toString(host.oomScoreAdj()));
    return this;
  }

  /** Only the overlay root ({@code hoist-shim --mount}): lowers, upper, work, rootfs. */
  static ShimConfig rootfs(List<Path> lowersTopFirst, Path upper, Path work, Path rootfs) {
    ShimConfig c = new ShimConfig();
    distinctLowers(lowersTopFirst).forEach(l -> c.put("lower", l.toString()));
    c.put("upper", upper.toAbsolutePath().toString());
    c.put("work", work.toAbsolutePath().toString());
    c.put("rootfs", rootfs.toAbsolutePath().toString());
    return c;
  }

  /**
   * The lower directories with each one only at its topmost place: overlayfs refuses a
   * directory given twice (ELOOP), which an image with two identical layers (two steps that
   * changed nothing) gives. The view is the same: a lower occurrence of a layer adds nothing its
   * topmost occurrence does not already show above it.
   */
  static List<Path> distinctLowers(List<Path> lowersTopFirst) {
    Set<Path> distinct = new LinkedHashSet<>();
    lowersTopFirst.forEach(l -> distinct.add(l.toAbsolutePath().normalize()));
    return List.copyOf(distinct);
  }

  /** A process joining the running container whose init has host PID {@code initPid}. */
  static ShimConfig forExec(long initPid, ExecSpec exec, List<Path> cgroups) {
    ShimConfig c = new ShimConfig();
    c.put("join", Long.toString(initPid));
    exec.argv().forEach(a -> c.put("arg", a));
    exec.env().forEach(e -> c.put("env", e));
    c.put("cwd", exec.cwd());
    c.user(exec.uid(), exec.gid(), exec.groups());
    c.put("tty", exec.tty() ? "1" : "0");
    cgroups.forEach(g -> c.put("cgroup", g.toString()));
    return c;
  }

  /** The tmpfs mount data, as Docker's: {@code mode=1777,size=65536k}. */
  static String tmpfsData(TmpfsMount t) {
    return "mode=" + Integer.toOctalString(t.mode())
        + (t.sizeBytes() > 0 ? ",size=" + t.sizeBytes() : "");
  }

  private void user(int uid, int gid, List<Integer> groups) {
    put("uid", Integer.toString(uid));
    put("gid", Integer.toString(gid));
    groups.forEach(g -> put("group", Integer.toString(g)));
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
