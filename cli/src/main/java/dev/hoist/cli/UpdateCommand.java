package dev.hoist.cli;

import dev.hoist.internal.runtime.ResourceUnits;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.service.ContainerService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist update [OPTIONS] CONTAINER...}: containers' limits changed (in place when they
 * run) and their restart policy, as docker's; prints each container done.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = "Update configuration of one or more containers (limits changed in place "
        + "while they run).")
final class UpdateCommand implements Callable<Integer> {
  @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit (512m).")
  String memory;

  @Option(names = "--memory-swap", paramLabel = "BYTES",
      description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap.")
  String memorySwap;

  @Option(names = "--cpus", paramLabel = "N", description = "Number of CPUs (1.5).")
  String cpus;

  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "N",
      description = "CPU shares (relative weight).")
  Long cpuShares;

  @Option(names = "--cpuset-cpus", paramLabel = "LIST",
      description = "CPUs in which to allow execution (0-3, 0,1).")
  String cpusetCpus;

  @Option(names = "--cpuset-mems", paramLabel = "LIST",
      description = "MEMs in which to allow execution (0-3, 0,1).")
  String cpusetMems;

  @Option(names = "--cpu-period", paramLabel = "US",
      description = "Limit CPU CFS (Completely Fair Scheduler) period.")
  Long cpuPeriod;

  @Option(names = "--cpu-quota", paramLabel = "US",
      description = "Limit CPU CFS (Completely Fair Scheduler) quota.")
  Long cpuQuota;

  @Option(names = "--memory-reservation", paramLabel = "BYTES",
      description = "Memory soft limit.")
  String memoryReservation;

  @Option(names = "--blkio-weight", paramLabel = "N",
      description = "Block IO (relative weight), between 10 and 1000, or 0 to disable.")
  Long blkioWeight;

  @Option(names = "--pids-limit", paramLabel = "N",
      description = "Tune container pids limit (-1 for unlimited).")
  Long pidsLimit;

  @Option(names = "--restart", paramLabel = "POLICY",
      description = "Restart policy to apply when a container exits (no, on-failure[:N], "
          + "always, unless-stopped).")
  String restart;

  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (memory == null && cpus == null && pidsLimit == null && restart == null
        && memorySwap == null && cpuShares == null && cpusetCpus == null && cpusetMems == null
        && cpuPeriod == null && cpuQuota == null && memoryReservation == null
        && blkioWeight == null) {
      throw new UserError("you must provide one or more flags when using this command");
    }
    ContainerService.UpdateRequest request;
    try {
      request = new ContainerService.UpdateRequest(
          memory == null ? null : ResourceUnits.bytes(memory),
          cpus == null ? null : ResourceUnits.nanoCpus(cpus),
          pidsLimit, restart == null ? null : RestartPolicy.parse(restart),
          memorySwap == null ? null : memorySwap.trim().equals("-1") ? Long.valueOf(-1)
              : Long.valueOf(ResourceUnits.bytes(memorySwap)),
          cpuShares, cpusetCpus, cpusetMems, cpuPeriod, cpuQuota,
          memoryReservation == null ? null : ResourceUnits.bytes(memoryReservation),
          blkioWeight);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    ContainerService containers = ContainerCli.containers(spec);
    return ContainerCli.forEach(spec, references, r -> containers.update(r, request));
  }
}
