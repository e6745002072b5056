package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.service.list.ContainerListOptions;
import dev.hoist.internal.service.list.ContainerSummary;
import dev.hoist.internal.service.list.Filters;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist ps}: containers, as {@code docker ps} lists them (its flags, filters, columns and
 * {@code --format}); the rows are {@link ContainerRow}s.
 */
@Command(name = "ps", mixinStandardHelpOptions = true,
    description = "List containers (running ones unless -a).")
final class PsCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"}, description = "Show all containers, not only running ones.")
  boolean all;

  @Option(names = {"-q", "--quiet"}, description = "Only IDs.")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Full IDs and commands.")
  boolean noTrunc;

  @Option(names = {"-s", "--size"}, description = "Show the containers' sizes.")
  boolean size;

  @Option(names = {"-n", "--last"}, paramLabel = "N", defaultValue = "-1",
      description = "Show the N last created containers (all states).")
  int last;

  @Option(names = {"-l", "--latest"}, description = "Show the latest created container.")
  boolean latest;

  @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
      description = "Filter: id, name, label, status, exited, ancestor, before, since, volume, "
          + "network, publish, expose, health.")
  List<String> filters = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "'table TEMPLATE', 'json' or a Go template over .ID .Image .Command ….")
  String format;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String shown = format(format, quiet, size);
    boolean sizes = size || (!quiet && format != null && format.contains(".Size"));
    int limit = latest ? 1 : last;
    List<ContainerSummary> containers;
    try {
      containers = ContainerCli.containers(spec).list(new ContainerListOptions(all, limit,
          sizes, Filters.parse(filters)));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Instant now = Instant.now();
    List<GoStruct> rows = containers.stream().map(c -> ContainerRow.of(c, !noTrunc, now))
        .toList();
    ListFormat.print(spec.commandLine().getOut(), shown, rows, ContainerRow.HEADERS);
    return 0;
  }

  /** docker/cli's {@code NewContainerFormat}: -q wins; the default table, with SIZE for -s. */
  static String format(String format, boolean quiet, boolean size) {
    if (quiet) {
      return "{{.ID}}";
    }
    if (format == null || format.isEmpty() || format.equals("table")) {
      return ContainerRow.TABLE + (size ? "\t{{.Size}}" : "");
    }
    return format;
  }
}
