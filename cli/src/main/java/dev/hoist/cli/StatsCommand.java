package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.ContainerStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist stats [CONTAINER...]}: containers' resource use, redrawn each second as docker's
 * (the screen cleared before each table), or printed once with {@code --no-stream}; without
 * containers named, the running ones (all with {@code -a}) as they come and go.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Display a live stream of containers' resource usage statistics.")
final class StatsCommand implements Callable<Integer> {
  private static final String CLEAR = "\033[2J\033[H";

  @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just "
      + "running).")
  boolean all;

  @Option(names = "--no-stream", description = "Disable streaming stats and only pull the "
      + "first result.")
  boolean noStream;

  @Option(names = "--no-trunc", description = "Do not truncate output.")
  boolean noTrunc;

  @Option(names = "--format", paramLabel = "FORMAT", description = "'table TEMPLATE', 'json' "
      + "or a Go template over .Container .ID .Name .CPUPerc .MemUsage .MemPerc .NetIO "
      + ".BlockIO .PIDs.")
  String format;

  @Parameters(paramLabel = "CONTAINER", arity = "0..*") List<String> references =
      new ArrayList<>();

  @Spec
  CommandSpec spec;

  private final Map<String, ContainerStats.Sample> previous = new HashMap<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    ContainerService containers = ContainerCli.containers(spec);
    for (String reference : references) {
      containers.require(reference); // an unknown one fails before anything is shown
    }
    PrintWriter out = spec.commandLine().getOut();
    String shown = format == null || format.isEmpty() || format.equals("table") ? StatsRow.TABLE
        : format;
    read(containers, targets(containers)); // the first reading, for the CPU's share
    for (;;) {
      Thread.sleep(1000);
      List<GoStruct> rows = new ArrayList<>();
      for (StatsRow.Values v : read(containers, targets(containers))) {
        rows.add(StatsRow.of(v, !noTrunc));
      }
      if (!noStream) {
        out.print(CLEAR);
      }
      ListFormat.print(out, shown, rows, StatsRow.HEADERS);
      if (noStream) {
        return 0;
      }
    }
  }

  /** The containers shown: those named, or the running ones (all with -a), each with its name. */
  private Map<String, ContainerState> targets(ContainerService containers) throws IOException {
    Map<String, ContainerState> targets = new java.util.LinkedHashMap<>();
    if (!references.isEmpty()) {
      for (String reference : references) {
        targets.put(reference, containers.require(reference));
      }
      return targets;
    }
    for (ContainerState c : containers.list()) {
      if (all || c.isActive()) {
        targets.put(c.id(), c);
      }
    }
    return targets;
  }

  private List<StatsRow.Values> read(ContainerService containers,
      Map<String, ContainerState> targets) throws IOException {
    List<StatsRow.Values> values = new ArrayList<>();
    for (Map.Entry<String, ContainerState> t : targets.entrySet()) {
      ContainerState c = t.getValue();
      if (!c.isActive()) {
        values.add(StatsRow.Values.stopped(t.getKey(), c.id(), c.name()));
        continue;
      }
      ContainerStats.Sample s;
      try {
        s = containers.stats(c.id());
      } catch (IllegalArgumentException e) {
        values.add(StatsRow.Values.stopped(t.getKey(), c.id(), c.name())); // it just stopped
        continue;
      }
      ContainerStats.Sample before = previous.put(c.id(), s);
      values.add(new StatsRow.Values(t.getKey(), c.id(), c.name(),
          before == null ? 0 : s.cpuPercent(before), s.memoryBytes(), s.memoryLimit(),
          s.memoryPercent(), s.netRx(), s.netTx(), s.blockRead(), s.blockWrite(), s.pids()));
    }
    return values;
  }
}
