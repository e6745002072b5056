package dev.hoist.cli;

import dev.hoist.cache.image.GarbageCollector;
import dev.hoist.runtime.ContainerStore;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.model.Descriptor;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system prune}: removes dangling images no container uses, then content no image
 * references.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove dangling images (untagged: built without -t) that no container uses, "
        + "then blobs and layer snapshots that no image references, and files left by "
        + "interrupted writes. Content being written by another hoist process is safe: prune "
        + "waits for it.")
final class SystemPruneCommand implements Callable<Integer> {
  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
  boolean force;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!force) {
      Console console = System.console();
      if (console == null) {
        throw new UserError("hoist system prune removes dangling images and unreferenced "
            + "content: confirm with --force when not on a terminal");
      }
      String answer = console.readLine("WARNING! This will remove:%n"
          + "  - all dangling images (untagged) that no container uses%n"
          + "  - all content not referenced by an image%n"
          + "Are you sure you want to continue? [y/N] ");
      if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
        return 0;
      }
    }
    ImageStore store = LocalStore.open();
    ImageReader reader = new ImageReader(store.blobs());
    List<String> deleted = new ArrayList<>();
    for (Descriptor dangling : DanglingImages.prunable(store)) {
      String id = DanglingImages.id(reader, dangling);
      if (store.removeUntagged(dangling.digest())) {
        deleted.add(id);
      }
    }
    if (!deleted.isEmpty()) {
      out.println("Deleted Images:");
      deleted.forEach(id -> out.println("deleted: " + id));
      out.println();
    }
    GarbageCollector.Report report = new GarbageCollector(store).collect(Set.of(),
        new ContainerStore(store.home()).layersInUse()); // containers keep their layers
    out.printf("Deleted %d blobs, %d snapshots and %d leftover temporary files%n",
        report.blobs(), report.snapshots(), report.temporaryFiles());
    out.println("Total reclaimed space: " + Sizes.human(report.bytes()));
    return 0;
  }
}
