package dev.hoist.cli;

import dev.hoist.internal.build.RunHostOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code docker build}'s flags for the containers of RUN steps ({@link RunHostOptions}): a
 * mixin of {@link BuildCommand}, in {@code hoist run}'s words.
 */
final class BuildHostFlags {
  @Option(names = "--add-host", paramLabel = "NAME:IP",
      description = "A line in every RUN step's /etc/hosts (host-gateway: the bridge's address).")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--shm-size", paramLabel = "BYTES",
      description = "Size of the RUN steps' /dev/shm (64m).")
  String shmSize;

  @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "A resource "
      + "limit of the RUN steps (nofile=1024:2048), at most hoist's own hard limit.")
  List<String> ulimits = new ArrayList<>();

  @Option(names = {"-m", "--memory"}, paramLabel = "BYTES",
      description = "Memory limit of each RUN step (512m).")
  String memory;

  @Option(names = "--memory-swap", paramLabel = "BYTES", description = "Memory plus swap of "
      + "each RUN step (with --memory; -1: unlimited swap; default: no swap).")
  String memorySwap;

  @Option(names = {"-c", "--cpu-shares"}, paramLabel = "N",
      description = "Relative CPU weight of the RUN steps (default 1024).")
  long cpuShares;

  @Option(names = "--cpuset-cpus", paramLabel = "LIST",
      description = "CPUs the RUN steps run on (0-1).")
  String cpusetCpus;

  @Option(names = "--cpuset-mems", paramLabel = "LIST",
      description = "Memory nodes of the RUN steps (0).")
  String cpusetMems;

  /** The flags, checked as {@code hoist run}'s are; a bad one is a {@link UserError}. */
  RunHostOptions toRunHostOptions() {
    try {
      return RunHostOptions.of(addHosts, shmSize, ulimits, memory, memorySwap, cpuShares,
          cpusetCpus, cpusetMems);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
