package dev.hoist.cli;

import dev.hoist.internal.service.VolumeService;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist volume prune [-a] [-f] [--filter until=…|label=…]}: anonymous volumes (with -a
 * every one) no container uses, of those the filter selects.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove the anonymous volumes no container uses; with -a, every volume no "
        + "container uses.")
final class VolumePruneCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"}, description = "Also named volumes, not only anonymous ones.")
  boolean all;

  @Mixin PruneFlags prune;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    dev.hoist.internal.service.list.PruneFilter filter = prune.filter(spec);
    if (!prune.confirm("hoist volume prune removes " + (all ? "unused" : "anonymous unused")
        + " volumes", "This will remove " + (all ? "all" : "anonymous")
        + " local volumes not used by at least one container.")) {
      return 0;
    }
    VolumeService.PruneReport pruned = VolumeCommand.volumes(spec).prune(all, filter);
    new PruneOutput(spec.commandLine().getOut())
        .section("Deleted Volumes:", pruned.removed())
        .total(pruned.bytes());
    return 0;
  }
}
