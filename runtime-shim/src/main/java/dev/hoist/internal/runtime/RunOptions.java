package dev.hoist.internal.runtime;

import dev.hoist.internal.runtime.seccomp.SeccompOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code hoist run}/{@code hoist create} was asked for, as the user gave it; {@link
 * ContainerPlanner} turns it and the image into a {@link ContainerSpec}.
 *
 * @param image the image reference
 * @param name {@code --name}, empty for a random one
 * @param entrypoint {@code --entrypoint}, null when not given ({@code ""} clears the image's)
 * @param cmd arguments after the image (empty: the image's {@code Cmd})
 * @param env {@code -e} options, in order
 * @param envFiles {@code --env-file} files, in order
 * @param workdir {@code -w}, null for the image's
 * @param user {@code -u}, null for the image's
 * @param hostname {@code --hostname}, null for the default
 * @param network {@code --network}
 * @param mounts {@code -v} and {@code --mount}, in order
 * @param readOnly {@code --read-only}
 * @param resources {@code --memory}, {@code --cpus}, {@code --pids-limit}
 * @param interactive {@code -i}: stdin stays attached
 * @param tty {@code -t}
 * @param autoRemove {@code --rm}
 * @param runtime {@code --runtime}: {@code hoist} or {@code runc}
 * @param seccomp {@code --security-opt seccomp=…}, null for Docker's default profile
 * @param networkOptions {@code -p}, {@code -P}, {@code --ip}, {@code --add-host}, {@code --dns…},
 *     {@code --mac-address}, {@code --network container:NAME} (the name or ID as given)
 * @param host {@code --cap-add}, {@code --privileged}, {@code --device}, {@code --ulimit} and the
 *     other confinement flags ({@link HostOptions})
 * @param labels {@code --label-file} and {@code --label} ({@link ContainerLabels#parse}), merged
 *     over the image's when the container is created
 * @param volumesFrom {@code --volumes-from}, in order ({@link InheritedMount})
 * @param volumes the Engine API's {@code Config.Volumes} ({@code docker run -v /path}): paths
 *     that get an anonymous volume where no mount covers them, as the image's VOLUME paths
 * @param domainname {@code --domainname}: the UTS domain name, at most 64 bytes, not with
 *     {@code --uts host}; null: none
 */
public record RunOptions(String image, String name, String entrypoint, List<String> cmd,
    List<String> env, List<Path> envFiles, String workdir, String user, String hostname,
    NetworkMode network, List<MountRequest> mounts, boolean readOnly, Resources resources,
    boolean interactive, boolean tty, boolean autoRemove, String runtime,
    SeccompOption seccomp, NetworkOptions networkOptions, HostOptions host,
    Map<String, String> labels, List<VolumesFrom> volumesFrom, List<String> volumes,
    String domainname) {
  /** The kernel's {@code __NEW_UTS_LEN}: the longest domain name setdomainname(2) takes. */
  private static final int MAX_DOMAINNAME = 64;

  public RunOptions {
    Objects.requireNonNull(image, "image");
    name = name == null ? "" : name;
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    envFiles = List.copyOf(envFiles);
    network = network == null ? NetworkMode.NONE : network;
    mounts = List.copyOf(mounts);
    resources = resources == null ? Resources.NONE : resources;
    runtime = runtime == null ? "hoist" : runtime;
    seccomp = seccomp == null ? SeccompOption.DEFAULT : seccomp;
    networkOptions = networkOptions == null ? NetworkOptions.NONE : networkOptions;
    host = host == null ? HostOptions.DEFAULT : host;
    labels = labels == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    domainname = domainname == null || domainname.isEmpty() ? null : domainname;
    if (domainname != null) {
      if (domainname.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DOMAINNAME
          || domainname.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
        throw new IllegalArgumentException("invalid --domainname \"" + domainname
            + "\": at most 64 bytes, no spaces or control characters");
      }
      if (host.namespaces().uts().equals("host")) {
        throw new IllegalArgumentException("Conflicting options: domainname and the UTS mode "
            + "(--uts host: the host's domain name is not the container's to set)");
      }
    }
  }

  /** A builder for an image's options: every other one at its default (Docker's). */
  public static Builder builder(String image) {
    return new Builder(image);
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder(image).name(name).entrypoint(entrypoint).cmd(cmd).env(env)
        .envFiles(envFiles).workdir(workdir).user(user).hostname(hostname).network(network)
        .mounts(mounts).readOnly(readOnly).resources(resources).interactive(interactive)
        .tty(tty).autoRemove(autoRemove).runtime(runtime).seccomp(seccomp)
        .networkOptions(networkOptions).host(host).labels(labels).volumesFrom(volumesFrom)
        .volumes(volumes).domainname(domainname);
  }

  /** These options with other {@link HostOptions}. */
  public RunOptions withHost(HostOptions other) {
    return toBuilder().host(other).build();
  }

  /** These options with other labels ({@code --label}, the Engine API's {@code Labels}). */
  public RunOptions withLabels(Map<String, String> other) {
    return toBuilder().labels(other).build();
  }

  /** These options with other network options. */
  public RunOptions withNetworkOptions(NetworkOptions next) {
    return toBuilder().networkOptions(next).build();
  }

  /**
   * {@link RunOptions} one option at a time; each setter takes what the record's component of
   * the same name takes (null: the default) and returns the builder.
   */
  public static final class Builder {
    private final String image;
    private String name;
    private String entrypoint;
    private List<String> cmd = List.of();
    private List<String> env = List.of();
    private List<Path> envFiles = List.of();
    private String workdir;
    private String user;
    private String hostname;
    private String domainname;
    private NetworkMode network;
    private List<MountRequest> mounts = List.of();
    private boolean readOnly;
    private Resources resources;
    private boolean interactive;
    private boolean tty;
    private boolean autoRemove;
    private String runtime;
    private SeccompOption seccomp;
    private NetworkOptions networkOptions;
    private HostOptions host;
    private Map<String, String> labels;
    private List<VolumesFrom> volumesFrom = List.of();
    private List<String> volumes = List.of();

    private Builder(String image) {
      this.image = Objects.requireNonNull(image, "image");
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder entrypoint(String value) {
      entrypoint = value;
      return this;
    }

    public Builder cmd(List<String> value) {
      cmd = value == null ? List.of() : value;
      return this;
    }

    public Builder cmd(String... value) {
      return cmd(List.of(value));
    }

    public Builder env(List<String> value) {
      env = value == null ? List.of() : value;
      return this;
    }

    public Builder envFiles(List<Path> value) {
      envFiles = value == null ? List.of() : value;
      return this;
    }

    public Builder workdir(String value) {
      workdir = value;
      return this;
    }

    public Builder user(String value) {
      user = value;
      return this;
    }

    public Builder hostname(String value) {
      hostname = value;
      return this;
    }

    public Builder network(NetworkMode value) {
      network = value;
      return this;
    }

    public Builder mounts(List<MountRequest> value) {
      mounts = value == null ? List.of() : value;
      return this;
    }

    public Builder readOnly(boolean value) {
      readOnly = value;
      return this;
    }

    public Builder resources(Resources value) {
      resources = value;
      return this;
    }

    public Builder interactive(boolean value) {
      interactive = value;
      return this;
    }

    public Builder tty(boolean value) {
      tty = value;
      return this;
    }

    public Builder autoRemove(boolean value) {
      autoRemove = value;
      return this;
    }

    public Builder runtime(String value) {
      runtime = value;
      return this;
    }

    public Builder seccomp(SeccompOption value) {
      seccomp = value;
      return this;
    }

    public Builder networkOptions(NetworkOptions value) {
      networkOptions = value;
      return this;
    }

    public Builder host(HostOptions value) {
      host = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    public Builder volumes(List<String> value) {
      volumes = value == null ? List.of() : value;
      return this;
    }

    public Builder volumesFrom(List<VolumesFrom> value) {
      volumesFrom = value == null ? List.of() : value;
      return this;
    }

    public Builder domainname(String value) {
      domainname = value;
      return this;
    }

    public RunOptions build() {
      return new RunOptions(image, name, entrypoint, cmd, env, envFiles, workdir, user, hostname,
          network, mounts, readOnly, resources, interactive, tty, autoRemove, runtime, seccomp,
          networkOptions, host, labels, volumesFrom, volumes, domainname);
    }
  }
}
