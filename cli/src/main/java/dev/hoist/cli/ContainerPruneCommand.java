package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.list.PruneFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist container prune [-f] [--filter until=…|label=…]}: removes every stopped (created
 * or exited) container the filter selects.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove all stopped containers (created or exited; their volumes stay).")
final class ContainerPruneCommand implements Callable<Integer> {
  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
  boolean force;

  @Option(names = "--filter", paramLabel = "KEY=VALUE", description = PruneFilterFlags.DESCRIPTION)
  List<String> filters = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PruneFilter filter = PruneFilterFlags.read(spec, filters);
    if (!Confirm.ask("hoist container prune removes all stopped containers", force,
        "WARNING! This will remove all stopped containers.%n"
            + "Are you sure you want to continue? [y/N] ")) {
      return 0;
    }
    ContainerService.PruneReport pruned = ContainerCli.containers(spec).prune(filter);
    new PruneOutput(spec.commandLine().getOut())
        .section("Deleted Containers:", pruned.removed())
        .total(pruned.bytes());
    return 0;
  }
}
