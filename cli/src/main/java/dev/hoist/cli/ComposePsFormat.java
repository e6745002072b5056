package dev.hoist.cli;

import dev.hoist.cli.format.GoStruct;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.list.ContainerListOptions;
import dev.hoist.internal.service.list.ContainerSummary;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hoist compose ps --format}: the project's containers as {@code hoist ps} formats them
 * ({@link ContainerRow}: {@code table …}, {@code json}, a Go template), in compose's order.
 */
final class ComposePsFormat {
  private ComposePsFormat() {}

  static void print(CommandSpec spec, List<ContainerState> containers, String format)
      throws IOException {
    Map<String, ContainerSummary> byId = new HashMap<>();
    for (ContainerSummary s : ContainerCli.containers(spec).list(
        new ContainerListOptions(true, 0, false, null))) {
      byId.put(s.id(), s);
    }
    Instant now = Instant.now();
    List<GoStruct> rows = containers.stream().map(c -> byId.get(c.id()))
        .filter(Objects::nonNull).map(s -> ContainerRow.of(s, true, now)).toList();
    ListFormat.print(spec.commandLine().getOut(), PsCommand.format(format, false, false), rows,
        ContainerRow.HEADERS);
  }
}
