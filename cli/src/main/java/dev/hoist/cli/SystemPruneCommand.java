package dev.hoist.cli;

import dev.hoist.internal.cache.images.GarbageCollector;
import dev.hoist.internal.service.ImageService;
import dev.hoist.internal.service.SystemService;
import dev.hoist.internal.service.list.PruneFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system prune}: removes stopped containers, user-defined networks no container is connected to and
 * dangling images no container uses, then content no image
 * and no build-cache entry references. The build cache stays (it goes with
 * {@code hoist builder prune}); {@code -a} also removes every image no container uses and the
 * whole build cache.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove stopped containers, user-defined networks no container is connected to, dangling images "
        + "(untagged: built without -t) that no container uses, "
        + "then blobs and layer snapshots that no image and no build-cache entry references, "
        + "and files left by interrupted writes. The build cache stays (see hoist builder "
        + "prune). Content being written by another hoist process is safe: prune waits for it.")
final class SystemPruneCommand implements Callable<Integer> {
  @Option(names = {"-a", "--all"},
      description = "Also remove every image no container uses (not only dangling ones) and "
          + "all build cache.")
  boolean all;

  @Mixin PruneFlags prune;

  @Spec
  CommandSpec spec;

  @Option(names = "--volumes", description = "Also remove anonymous volumes no container uses.")
  boolean volumes;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PruneFilter filter = prune.filter(spec);
    PrintWriter out = spec.commandLine().getOut();
    String images = all ? "all images without at least one container associated to them"
        : "all dangling images (untagged) that no container uses";
    if (!prune.confirm("hoist system prune removes stopped containers, "
        + (all ? "unused images and the build cache" : "dangling images and unreferenced content"),
        "This will remove:%n  - all stopped containers%n"
            + "  - all networks not used by at least one container%n"
            + (volumes ? "  - all anonymous volumes not used by at least one container%n" : "")
            + "  - " + images + "%n"
            + (all ? "  - all build cache%n" : "")
            + "  - all content not referenced by an image" + (all ? "" : " or the build cache"))) {
      return 0;
    }
    SystemService.PruneReport pruned = Cli.hoist(spec).system().prune(all, volumes, filter);
    new PruneOutput(out)
        .section("Deleted Containers:", pruned.containers().removed())
        .section("Deleted Networks:", pruned.networks())
        .section("Deleted Volumes:", pruned.volumes().removed())
        .section("Deleted Images:", ImagePruneCommand.deletedLines(
            new ImageService.ImagePrune(pruned.untagged(), pruned.deletedImages())))
        .section("Deleted build cache objects:", pruned.buildCache());
    GarbageCollector.Report report = pruned.garbage();
    out.printf("Deleted %d blobs, %d snapshots and %d leftover temporary files%n",
        report.blobs(), report.snapshots(), report.temporaryFiles());
    out.println("Total reclaimed space: " + Sizes.human(pruned.reclaimed()));
    return 0;
  }
}
