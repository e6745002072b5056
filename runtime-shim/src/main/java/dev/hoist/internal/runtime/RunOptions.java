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
 */
public record RunOptions(String image, String name, String entrypoint, List<String> cmd,
    List<String> env, List<Path> envFiles, String workdir, String user, String hostname,
    NetworkMode network, List<MountRequest> mounts, boolean readOnly, Resources resources,
    boolean interactive, boolean tty, boolean autoRemove, String runtime,
    SeccompOption seccomp, NetworkOptions networkOptions, HostOptions host,
    Map<String, String> labels) {

  /** With Docker's default confinement, without labels. */
  public RunOptions(String image, String name, String entrypoint, List<String> cmd,
      List<String> env, List<Path> envFiles, String workdir, String user, String hostname,
      NetworkMode network, List<MountRequest> mounts, boolean readOnly, Resources resources,
      boolean interactive, boolean tty, boolean autoRemove, String runtime,
      SeccompOption seccomp, NetworkOptions networkOptions) {
    this(image, name, entrypoint, cmd, env, envFiles, workdir, user, hostname, network, mounts,
        readOnly, resources, interactive, tty, autoRemove, runtime, seccomp, networkOptions,
        HostOptions.DEFAULT, Map.of());
  }

  /** Without network options. */
  public RunOptions(String image, String name, String entrypoint, List<String> cmd,
      List<String> env, List<Path> envFiles, String workdir, String user, String hostname,
      NetworkMode network, List<MountRequest> mounts, boolean readOnly, Resources resources,
      boolean interactive, boolean tty, boolean autoRemove, String runtime,
      SeccompOption seccomp) {
    this(image, name, entrypoint, cmd, env, envFiles, workdir, user, hostname, network, mounts,
        readOnly, resources, interactive, tty, autoRemove, runtime, seccomp, NetworkOptions.NONE);
  }

  /** These options with other {@link HostOptions}. */
  public RunOptions withHost(HostOptions other) {
    return new RunOptions(image, name, entrypoint, cmd, env, envFiles, workdir, user, hostname,
        network, mounts, readOnly, resources, interactive, tty, autoRemove, runtime, seccomp,
        networkOptions, other, labels);
  }

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
  }

  /** These options with other labels ({@code --label}, the Engine API's {@code Labels}). */
  public RunOptions withLabels(Map<String, String> other) {
    return new RunOptions(image, name, entrypoint, cmd, env, envFiles, workdir, user, hostname,
        network, mounts, readOnly, resources, interactive, tty, autoRemove, runtime, seccomp,
        networkOptions, host, other);
  }

  /** These options with other network options. */
  public RunOptions withNetworkOptions(NetworkOptions next) {
    return new RunOptions(image, name, entrypoint, cmd, env, envFiles, workdir, user, hostname,
        network, mounts, readOnly, resources, interactive, tty, autoRemove, runtime, seccomp,
        next, host, labels);
  }
}
