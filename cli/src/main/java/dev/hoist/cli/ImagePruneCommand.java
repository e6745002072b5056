package dev.hoist.cli;

import dev.hoist.internal.service.ImageService;
import dev.hoist.internal.service.list.PruneFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist image prune [-a] [-f] [--filter until=…|label=…]}: dangling images (with -a every
 * one) no container uses, of those the filter selects.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove dangling images (untagged) that no container uses, then the content "
        + "no image references; with -a, every image no container uses.")
final class ImagePruneCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"},
      description = "Remove every image no container uses, not only dangling ones.")
  boolean all;

  @Mixin PruneFlags prune;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PruneFilter filter = prune.filter(spec);
    if (!prune.confirm("hoist image prune removes " + (all ? "unused" : "dangling") + " images",
        all ? "This will remove all images without at least one container associated to them."
            : "This will remove all dangling images.")) {
      return 0;
    }
    ImageService.ImagePruneReport pruned = Cli.hoist(spec).images().prune(all, filter);
    new PruneOutput(spec.commandLine().getOut())
        .section("Deleted Images:", deletedLines(pruned.images()))
        .total(pruned.garbage().bytes());
    return 0;
  }

  /** Docker's lines: {@code untagged: NAME} for each tag, {@code deleted: ID} for each image. */
  static List<String> deletedLines(ImageService.ImagePrune pruned) {
    List<String> lines = new ArrayList<>();
    pruned.untagged().forEach(name -> lines.add("untagged: " + name));
    pruned.deleted().forEach(id -> lines.add("deleted: " + id));
    return lines;
  }
}
