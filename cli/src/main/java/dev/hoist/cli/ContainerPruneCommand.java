package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.list.PruneFilter;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hoist container prune [-f] [--filter until=…|label=…]}: removes every stopped (created
 * or exited) container the filter selects.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove all stopped containers (created or exited; their volumes stay).")
final class ContainerPruneCommand implements Callable<Integer> {
  @Mixin PruneFlags prune;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PruneFilter filter = prune.filter(spec);
    if (!prune.confirm("hoist container prune removes all stopped containers",
        "This will remove all stopped containers.")) {
      return 0;
    }
    ContainerService.PruneReport pruned = ContainerCli.containers(spec).prune(filter);
    new PruneOutput(spec.commandLine().getOut())
        .section("Deleted Containers:", pruned.removed())
        .total(pruned.bytes());
    return 0;
  }
}
