package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.seccomp.SeccompOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to run one container process.
 *
 * @param lowerDirs read-only layers (snapshot directories), top layer first, as overlayfs's
 *     {@code lowerdir=} takes them
 * @param containerDir the container's own directory: {@code upper/} and {@code work/} (overlay),
 *     {@code rootfs/} (mount point), {@code shim.conf}, {@code hosts}, {@code resolv.conf},
 *     {@code hostname}
 * @param argv the process and its arguments (the first is searched in the container's PATH)
 * @param env {@code NAME=value} entries, exactly the process's environment
 * @param cwd absolute working directory, created when missing
 * @param uid numeric user ({@link UserResolver} turns names into numbers)
 * @param gid numeric primary group
 * @param groups supplementary groups
 * @param hostname the container's host name; {@code null}: the host's for {@link NetworkMode#HOST},
 *     else the first 12 characters of the container directory's name
 * @param network own network namespace with only {@code lo}, one on the bridge, or the host's
 * @param mounts bind mounts from the host (named volumes are bind mounts of their directory)
 * @param tmpfs tmpfs mounts
 * @param resources cgroup limits
 * @param readonlyRootfs the root is mounted read-only (writes still land nowhere)
 * @param tty allocate a terminal
 * @param seccomp the seccomp profile ({@code null}, as in a state.json older than it: Docker's
 *     default)
 * @param networkOptions published ports, {@code --ip}, DNS and hosts options, the container
 *     joined ({@code null}, as in a state.json older than it: none)
 * @param host capabilities, privileged, devices, ulimits, sysctls and the other confinement
 *     flags ({@code null}, as in a state.json older than it: Docker's defaults)
 * @param domainname the container's UTS domain name ({@code --domainname}); {@code null}: none
 *     (the kernel's {@code (none)})
 */
public record ContainerSpec(
    List<Path> lowerDirs,
    Path containerDir,
    List<String> argv,
    List<String> env,
    String cwd,
    int uid,
    int gid,
    List<Integer> groups,
    String hostname,
    NetworkMode network,
    List<BindMount> mounts,
    List<TmpfsMount> tmpfs,
    Resources resources,
    boolean readonlyRootfs,
    boolean tty,
    SeccompOption seccomp,
    NetworkOptions networkOptions,
    HostOptions host,
    String domainname) {

  public ContainerSpec {
    lowerDirs = List.copyOf(lowerDirs);
    Objects.requireNonNull(containerDir, "containerDir");
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    groups = List.copyOf(groups);
    mounts = List.copyOf(mounts);
    tmpfs = List.copyOf(tmpfs);
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(network, "network");
    seccomp = seccomp == null ? SeccompOption.DEFAULT : seccomp;
    networkOptions = networkOptions == null ? NetworkOptions.NONE : networkOptions;
    host = host == null ? HostOptions.DEFAULT : host;
    domainname = domainname == null || domainname.isEmpty() ? null : domainname;
    if (lowerDirs.isEmpty()) {
      throw new IllegalArgumentException("a container needs at least one lower directory");
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a container needs a command");
    }
    cwd = cwd == null || cwd.isEmpty() ? "/" : cwd;
    if (!cwd.startsWith("/")) {
      throw new IllegalArgumentException("working directory must be absolute: " + cwd);
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative");
    }
    for (String e : env) {
      if (e.indexOf('=') <= 0) {
        throw new IllegalArgumentException("environment entry is not NAME=value: " + e);
      }
    }
  }

  /** With Docker's default confinement ({@link HostOptions#DEFAULT}). */
  public ContainerSpec(List<Path> lowerDirs, Path containerDir, List<String> argv,
      List<String> env, String cwd, int uid, int gid, List<Integer> groups, String hostname,
      NetworkMode network, List<BindMount> mounts, List<TmpfsMount> tmpfs, Resources resources,
      boolean readonlyRootfs, boolean tty, SeccompOption seccomp, NetworkOptions networkOptions) {
    this(lowerDirs, containerDir, argv, env, cwd, uid, gid, groups, hostname, network, mounts,
        tmpfs, resources, readonlyRootfs, tty, seccomp, networkOptions, HostOptions.DEFAULT,
        null);
  }

  /** Without network options (none). */
  public ContainerSpec(List<Path> lowerDirs, Path containerDir, List<String> argv,
      List<String> env, String cwd, int uid, int gid, List<Integer> groups, String hostname,
      NetworkMode network, List<BindMount> mounts, List<TmpfsMount> tmpfs, Resources resources,
      boolean readonlyRootfs, boolean tty, SeccompOption seccomp) {
    this(lowerDirs, containerDir, argv, env, cwd, uid, gid, groups, hostname, network, mounts,
        tmpfs, resources, readonlyRootfs, tty, seccomp, NetworkOptions.NONE);
  }

  /** This spec with other cgroup limits ({@code hoist update}); its host options kept. */
  public ContainerSpec withResources(Resources next) {
    return new ContainerSpec(lowerDirs, containerDir, argv, env, cwd, uid, gid, groups, hostname,
        network, mounts, tmpfs, next, readonlyRootfs, tty, seccomp, networkOptions, host,
        domainname);
  }

  /** This spec with other host options ({@code hoist update}'s cgroup extras). */
  public ContainerSpec withHost(HostOptions next) {
    return new ContainerSpec(lowerDirs, containerDir, argv, env, cwd, uid, gid, groups, hostname,
        network, mounts, tmpfs, resources, readonlyRootfs, tty, seccomp, networkOptions, next,
        domainname);
  }

  /** This spec with other network options. */
  public ContainerSpec withNetworkOptions(NetworkOptions options) {
    return new ContainerSpec(lowerDirs, containerDir, argv, env, cwd, uid, gid, groups, hostname,
        network, mounts, tmpfs, resources, readonlyRootfs, tty, seccomp, options, host,
        domainname);
  }

  public Path upperDir() {
    return containerDir.resolve("upper");
  }

  public Path workDir() {
    return containerDir.resolve("work");
  }

  public Path rootfsDir() {
    return containerDir.resolve("rootfs");
  }

  public static Builder builder(List<Path> lowerDirs, Path containerDir) {
    return new Builder(lowerDirs, containerDir);
  }

  /**
   * Defaults: root, cwd {@code /}, {@code PATH} as Docker's, no network, no mounts, Docker's
   * default seccomp profile.
   */
  public static final class Builder {
    private final List<Path> lowerDirs;
    private final Path containerDir;
    private List<String> argv = List.of();
    private List<String> env = List.of(
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    private String cwd = "/";
    private int uid;
    private int gid;
    private List<Integer> groups = List.of();
    private String hostname;
    private NetworkMode network = NetworkMode.NONE;
    private final List<BindMount> mounts = new ArrayList<>();
    private final List<TmpfsMount> tmpfs = new ArrayList<>();
    private Resources resources = Resources.NONE;
    private boolean readonlyRootfs;
    private boolean tty;
    private SeccompOption seccomp = SeccompOption.DEFAULT;
    private NetworkOptions networkOptions = NetworkOptions.NONE;
    private HostOptions host = HostOptions.DEFAULT;
    private String domainname;

    private Builder(List<Path> lowerDirs, Path containerDir) {
      this.lowerDirs = List.copyOf(lowerDirs);
      this.containerDir = containerDir;
    }

    public Builder argv(String... argv) {
      this.argv = List.of(argv);
      return this;
    }

    public Builder argv(List<String> argv) {
      this.argv = List.copyOf(argv);
      return this;
    }

    public Builder env(List<String> env) {
      this.env = List.copyOf(env);
      return this;
    }

    public Builder cwd(String cwd) {
      this.cwd = cwd;
      return this;
    }

    public Builder user(int uid, int gid, List<Integer> groups) {
      this.uid = uid;
      this.gid = gid;
      this.groups = List.copyOf(groups);
      return this;
    }

    public Builder user(UserResolver.User user) {
      return user(user.uid(), user.gid(), user.groups());
    }

    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    public Builder network(NetworkMode network) {
      this.network = network;
      return this;
    }

    public Builder mount(BindMount mount) {
      mounts.add(mount);
      return this;
    }

    public Builder tmpfs(TmpfsMount mount) {
      tmpfs.add(mount);
      return this;
    }

    public Builder resources(Resources resources) {
      this.resources = resources;
      return this;
    }

    public Builder readonlyRootfs(boolean readonlyRootfs) {
      this.readonlyRootfs = readonlyRootfs;
      return this;
    }

    public Builder tty(boolean tty) {
      this.tty = tty;
      return this;
    }

    public Builder seccomp(SeccompOption seccomp) {
      this.seccomp = seccomp;
      return this;
    }

    public Builder networkOptions(NetworkOptions networkOptions) {
      this.networkOptions = networkOptions;
      return this;
    }

    public Builder host(HostOptions host) {
      this.host = host;
      return this;
    }

    public Builder domainname(String domainname) {
      this.domainname = domainname;
      return this;
    }

    public ContainerSpec build() {
      return new ContainerSpec(lowerDirs, containerDir, argv, env, cwd, uid, gid, groups,
          hostname, network, mounts, tmpfs, resources, readonlyRootfs, tty, seccomp,
          networkOptions, host, domainname);
    }
  }
}
