package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerLabels;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.internal.runtime.HealthFlags;
import dev.hoist.internal.runtime.MountRequest;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.NetworkOptions;
import dev.hoist.internal.runtime.ResourceUnits;
import dev.hoist.internal.runtime.Resources;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.runtime.SecurityOptions;
import dev.hoist.internal.runtime.VolumesFrom;
import dev.hoist.internal.runtime.net.PortBinding;
import dev.hoist.internal.service.list.PruneFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options {@code hoist run} and {@code hoist create} share, as Docker's. */
final class ContainerOptions {
  @Option(names = "--name", paramLabel = "NAME", description = "Name the container.")
  String name;

  @Option(names = {"-e", "--env"}, paramLabel = "K=V",
      description = "Set an environment variable (NAME alone: the host's value).")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE", description = "Read variables from a file.")
  List<Path> envFiles = new ArrayList<>();

  @Option(names = {"-l", "--label"}, paramLabel = "K=V",
      description = "Set a label on the container (K alone: an empty value).")
  List<String> labels = new ArrayList<>();

  @Option(names = "--label-file", paramLabel = "FILE",
      description = "Read labels from a file (K=V lines; # starts a comment).")
  List<Path> labelFiles = new ArrayList<>();

  @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:ro]",
      description = "Bind a host path (absolute SRC) or a named volume.")
  List<String> volumes = new ArrayList<>();

  @Option(names = "--mount", paramLabel = "type=…,source=…,target=…",
      description = "A bind, volume or tmpfs mount.")
  List<String> mounts = new ArrayList<>();

  @Option(names = "--volumes-from", paramLabel = "CONTAINER[:ro|:rw]",
      description = "Mount every volume and bind mount of another container (ro: read-only).")
  List<String> volumesFrom = new ArrayList<>();

  @Option(names = "--tmpfs", paramLabel = "PATH[:OPTIONS]",
      description = "A tmpfs on PATH (OPTIONS: size=64m, mode=1777; noexec,nosuid,nodev).")
  List<String> tmpfs = new ArrayList<>();

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
  String workdir;

  @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]",
      description = "User (name or number).")
  String user;

  @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Host name.")
  String hostname;

  @Option(names = "--domainname", paramLabel = "NAME",
      description = "The container's NIS domain name (its UTS domain name).")
  String domainname;

  @Option(names = "--network", paramLabel = "bridge|none|host|container:NAME|NET",
      defaultValue = "bridge",
      description = "bridge (own namespace on hoist's bridge, outbound NAT), none (only lo), "
          + "host, container:NAME (join a running container's), or a network made with hoist "
          + "network create; repeat it for several (default: ${DEFAULT-VALUE}, as Docker's).")
  List<String> network = new ArrayList<>();

  @Option(names = "--network-alias", paramLabel = "NAME",
      description = "Another name for the container on its user-defined networks.")
  List<String> networkAliases = new ArrayList<>();

  @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOSTPORT:]PORT[/PROTO]",
      description = "Publish a container port (or range) on the host.")
  List<String> publish = new ArrayList<>();

  @Option(names = {"-P", "--publish-all"},
      description = "Publish every port the image exposes on a free host port.")
  boolean publishAll;

  @Option(names = "--expose", paramLabel = "PORT[-PORT][/PROTO]",
      description = "Expose a port or a range (-P publishes it too).")
  List<String> expose = new ArrayList<>();

  @Option(names = "--ip", paramLabel = "IP", description = "The address on the bridge.")
  String ip;

  @Option(names = "--mac-address", paramLabel = "MAC", description = "eth0's MAC address.")
  String mac;

  @Option(names = "--add-host", paramLabel = "NAME:IP",
      description = "Add a line to /etc/hosts (IP host-gateway: the bridge's address).")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--dns", paramLabel = "IP", description = "Name server (replaces the host's).")
  List<String> dns = new ArrayList<>();

  @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "DNS search domain.")
  List<String> dnsSearch = new ArrayList<>();

  @Option(names = "--dns-option", paramLabel = "OPT", description = "resolv.conf option.")
  List<String> dnsOptions = new ArrayList<>();

  @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit (512m).")
  String memory;

  @Option(names = "--cpus", paramLabel = "N", description = "CPU limit (1.5).")
  String cpus;

  @Option(names = "--pids-limit", paramLabel = "N", description = "Process limit.")
  long pidsLimit;

  @Option(names = "--read-only", description = "Mount the root read-only.")
  boolean readOnly;

  @Option(names = "--security-opt", paramLabel = "OPT",
      description = "seccomp=unconfined (no syscall filter) or seccomp=FILE (a profile in "
          + "Docker's JSON format; default: Docker's default profile), "
          + "no-new-privileges[=true|false] (default true), label=disable and "
          + "apparmor=unconfined (accepted, change nothing: hoist applies no LSM profile).")
  List<String> securityOpts = new ArrayList<>();

  @Option(names = {"-i", "--interactive"}, description = "Keep stdin attached.")
  boolean interactive;

  @Option(names = {"-t", "--tty"}, description = "Allocate a terminal.")
  boolean tty;

  @Option(names = "--rm", description = "Remove the container when it exits.")
  boolean autoRemove;

  @Option(names = "--restart", paramLabel = "no|on-failure[:N]|always|unless-stopped",
      defaultValue = "no", description = "Restart policy of a detached container (its monitor "
          + "restarts it, with Docker's back-off).")
  String restart;

  @Option(names = "--health-cmd", paramLabel = "CMD",
      description = "Command to run to check health (by the container's shell).")
  String healthCmd;

  @Option(names = "--health-interval", paramLabel = "DURATION",
      description = "Time between running the check (ms|s|m|h) (default 30s).")
  String healthInterval;

  @Option(names = "--health-timeout", paramLabel = "DURATION",
      description = "Maximum time to allow one check to run (ms|s|m|h) (default 30s).")
  String healthTimeout;

  @Option(names = "--health-retries", paramLabel = "N",
      description = "Consecutive failures needed to report unhealthy (default 3).")
  int healthRetries;

  @Option(names = "--health-start-period", paramLabel = "DURATION",
      description = "Start period for the container to initialize before failed checks count "
          + "(ms|s|m|h) (default 0s).")
  String healthStartPeriod;

  @Option(names = "--health-start-interval", paramLabel = "DURATION",
      description = "Time between running the check during the start period (ms|s|m|h) "
          + "(default 5s).")
  String healthStartInterval;

  @Option(names = "--no-healthcheck",
      description = "Disable any container-specified HEALTHCHECK.")
  boolean noHealthcheck;

  @Option(names = "--entrypoint", paramLabel = "CMD", description = "Replace the image's entrypoint.")
  String entrypoint;

  @Option(names = "--runtime", paramLabel = "hoist|runc", defaultValue = "hoist",
      description = "The runtime: hoist (the built-in shim) or runc.")
  String runtime;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Run the image of this platform (from a local index, else pulled for it); "
          + "another CPU's runs under QEMU (binfmt_misc).")
  String platform;

  @Option(names = "--pull", paramLabel = "missing|always|never", defaultValue = "missing",
      description = "Pull the image from its registry: when it is not in the local store "
          + "(default), always, or never.")
  String pull;

  @Mixin RegistryFlags registry;

  @Mixin HostFlags hostFlags;

  @Parameters(index = "0", paramLabel = "IMAGE") String image;

  @Parameters(index = "1..*", paramLabel = "CMD") List<String> command = new ArrayList<>();

  /** {@code --restart}, checked: never with {@code --rm}, as Docker. */
  RestartPolicy restartPolicy() {
    try {
      RestartPolicy policy = RestartPolicy.parse(restart);
      if (autoRemove && !policy.isNo()) {
        throw new UserError("Conflicting options: --restart and --rm");
      }
      return policy;
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /**
   * The health check the flags ask for, checked as Docker checks them (null: none asked, the
   * image's as it is).
   */
  Healthcheck healthcheck() {
    try {
      return new HealthFlags(healthCmd, duration("--health-interval", healthInterval),
          duration("--health-timeout", healthTimeout), healthRetries,
          duration("--health-start-period", healthStartPeriod),
          duration("--health-start-interval", healthStartInterval), noHealthcheck).given();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  private static Duration duration(String flag, String text) {
    if (text == null) {
      return Duration.ZERO;
    }
    Duration d = dev.hoist.internal.service.list.Timestamps.goDuration(text);
    if (d == null) {
      throw new UserError("invalid argument \"" + text + "\" for \"" + flag
          + "\" flag: time: invalid duration \"" + text + "\"");
    }
    return d;
  }

  RunOptions toRunOptions() {
    try {
      List<MountRequest> requests = new ArrayList<>();
      volumes.forEach(v -> requests.add(MountRequest.parseVolume(v)));
      mounts.forEach(m -> requests.add(MountRequest.parseMount(m)));
      tmpfs.forEach(t -> requests.add(MountRequest.parseTmpfs(t)));
      NetworkSelection selection = NetworkSelection.of(network);
      NetworkMode mode = selection.mode();
      List<PortBinding> ports = new ArrayList<>();
      publish.forEach(p -> ports.addAll(PortBinding.parse(p)));
      List<String> exposedKeys = new ArrayList<>();
      expose.forEach(e -> exposedKeys.addAll(PortBinding.exposed(e)));
      NetworkOptions net = new NetworkOptions(ports, publishAll, ip, mac, addHosts, dns,
          dnsSearch, dnsOptions, selection.container(), exposedKeys);
      Resources resources = new Resources(memory == null ? 0 : ResourceUnits.bytes(memory),
          cpus == null ? 0 : ResourceUnits.nanoCpus(cpus), Math.max(0, pidsLimit));
      return RunOptions.builder(image).name(name).entrypoint(entrypoint).cmd(command).env(env)
          .envFiles(envFiles).workdir(workdir).user(user).hostname(hostname).network(mode)
          .mounts(requests).readOnly(readOnly).resources(resources).interactive(interactive)
          .tty(tty).autoRemove(autoRemove).runtime(runtime)
          .seccomp(SecurityOptions.seccomp(securityOpts)).networkOptions(net)
          .host(hostFlags.toHostOptions(securityOpts, mode, resources))
          .labels(ContainerLabels.parse(labelFiles, labels))
          .volumesFrom(volumesFrom.stream().map(VolumesFrom::parse).toList())
          .domainname(domainname).build();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
