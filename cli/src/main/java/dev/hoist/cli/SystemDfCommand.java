package dev.hoist.cli;

import dev.hoist.internal.service.SystemService;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system df}: disk use of the local store, as {@code docker system df}. Images
 * counts tagged and dangling images; ACTIVE and RECLAIMABLE are what a prune keeps and frees.
 */
@Command(name = "df", mixinStandardHelpOptions = true,
    description = "Show how much disk the local store uses, and how much a prune would free.")
final class SystemDfCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SystemService.DiskUsage usage = Cli.hoist(spec).system().diskUsage();
    Table table = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
    row(table, "Images", usage.images());
    row(table, "Blobs", usage.blobs());
    row(table, "Build Cache", usage.buildCache());
    table.row("Layer snapshots", Long.toString(usage.snapshots().total()), "-",
        Sizes.human(usage.snapshots().bytes()),
        "-");
    table.print(spec.commandLine().getOut());
    return 0;
  }

  private static void row(Table table, String type, SystemService.Usage usage) {
    table.row(type, Long.toString(usage.total()), Long.toString(usage.active()),
        Sizes.human(usage.bytes()), Sizes.human(usage.reclaimable()));
  }
}
