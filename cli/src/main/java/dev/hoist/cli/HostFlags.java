package dev.hoist.cli;

import dev.hoist.internal.runtime.HostOptions;
import dev.hoist.internal.runtime.HostOptionsRequest;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.NetworkMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code run}/{@code create} flags that loosen or tune the container's confinement, as
 * Docker's ({@link HostOptions}); a mixin of {@link ContainerOptions}.
 */
final class HostFlags {
  @Option(names = "--cap-add", paramLabel = "CAP",
      description = "Add a capability (NET_ADMIN or CAP_NET_ADMIN; ALL: every one).")
  List<String> capAdd = new ArrayList<>();

  @Option(names = "--cap-drop", paramLabel = "CAP",
      description = "Drop a capability (ALL: every one).")
  List<String> capDrop = new ArrayList<>();

  @Option(names = "--privileged", description = "Every capability, no seccomp filter, nothing "
      + "masked or read-only in /proc and /sys, the host's devices.")
  boolean privileged;

  @Option(names = "--group-add", paramLabel = "GROUP",
      description = "A further group (name in the image's /etc/group, or number).")
  List<String> groupAdd = new ArrayList<>();

  @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]",
      description = "A resource limit (nofile=1024:2048), at most hoist's own hard limit.")
  List<String> ulimits = new ArrayList<>();

  @Option(names = "--shm-size", paramLabel = "BYTES", description = "Size of /dev/shm (64m).")
  String shmSize;

  @Option(names = "--sysctl", paramLabel = "NAME=VALUE",
      description = "A namespaced sysctl (net.*, kernel.shm*, kernel.msg*, kernel.sem, "
          + "fs.mqueue.*).")
  List<String> sysctls = new ArrayList<>();

  @Option(names = "--oom-score-adj", paramLabel = "N",
      description = "The container's OOM score adjustment (-1000 to 1000).")
  int oomScoreAdj;

  @Option(names = "--device", paramLabel = "HOST[:CONTAINER[:PERMS]]",
      description = "A host device in the container (PERMS: rwm by default).")
  List<String> devices = new ArrayList<>();

  @Option(names = "--stop-timeout", paramLabel = "SECONDS",
      description = "Seconds stop waits before SIGKILL (default 10).")
  Integer stopTimeout;

  @Option(names = "--stop-signal", paramLabel = "SIGNAL",
      description = "Signal stop sends first (default: the image's STOPSIGNAL, else SIGTERM).")
  String stopSignal;

  @Option(names = "--cidfile", paramLabel = "FILE",
      description = "Write the container's ID to FILE (which must not exist).")
  String cidFile;

  @Option(names = "--pid", paramLabel = "host|container:NAME",
      description = "The PID namespace: the host's, or a running container's.")
  String pid;

  @Option(names = "--ipc", paramLabel = "MODE",
      description = "The IPC namespace: private (default), shareable, none (no /dev/shm), host, "
          + "or container:NAME.")
  String ipc;

  @Option(names = "--uts", paramLabel = "host",
      description = "The UTS namespace (host and domain name): host.")
  String uts;

  @Option(names = "--memory-swap", paramLabel = "BYTES",
      description = "Memory plus swap (with --memory; -1: unlimited swap; default: no swap).")
  String memorySwap;

  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "N",
      description = "Relative CPU weight (default 1024).")
  long cpuShares;

  @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs to run on (0-1).")
  String cpusetCpus;

  @Option(names = "--cpuset-mems", paramLabel = "LIST", description = "Memory nodes (0).")
  String cpusetMems;

  @Option(names = "--cpu-period", paramLabel = "US",
      description = "CFS period in microseconds (1000 to 1000000; not with --cpus).")
  long cpuPeriod;

  @Option(names = "--cpu-quota", paramLabel = "US",
      description = "CFS quota in microseconds per period (1000 or more; not with --cpus).")
  long cpuQuota;

  @Option(names = "--memory-reservation", paramLabel = "BYTES",
      description = "Soft memory limit (32m; at most --memory).")
  String memoryReservation;

  @Option(names = "--oom-kill-disable",
      description = "The OOM killer leaves the container's processes alone (cgroup v1).")
  boolean oomKillDisable;

  @Option(names = "--blkio-weight", paramLabel = "N",
      description = "Relative block I/O weight (10 to 1000; needs blkio.weight or "
          + "blkio.bfq.weight).")
  long blkioWeight;

  @Option(names = "--init", arity = "0..1", fallbackValue = "true", description = "Run an "
      + "init as PID 1 that forwards signals and reaps orphans (default: the command is PID 1).")
  Boolean init;

  /** The options, checked; {@code securityOpts} for {@code no-new-privileges}. */
  HostOptions toHostOptions(List<String> securityOpts, NetworkMode network,
      Resources resources) {
    return new HostOptionsRequest(capAdd, capDrop, privileged, securityOpts, groupAdd, ulimits,
        shmSize, sysctls, oomScoreAdj, devices, stopTimeout, stopSignal,
        cidFile == null ? null : java.nio.file.Path.of(cidFile).toAbsolutePath().toString(),
        pid, ipc, uts, memorySwap, cpuShares, cpusetCpus, cpusetMems, init, cpuPeriod, cpuQuota,
        memoryReservation, oomKillDisable, blkioWeight)
        .toHostOptions(network, resources);
  }
}
