package dev.hoist.cli;

import dev.hoist.internal.cache.images.GarbageCollector;
import dev.hoist.internal.service.ImageService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist rmi [-f] IMAGE…}: untag (or, for a dangling image, drop its untagged entry), and
 * delete content no other image uses.
 */
@Command(name = "rmi", mixinStandardHelpOptions = true,
    description = "Remove images: untag them and delete the content no other image uses.")
final class RmiCommand implements Callable<Integer> {
  @Option(names = {"-f", "--force"},
      description = "Remove every tag of an image given by ID.")
  boolean force;

  @Parameters(paramLabel = "IMAGE", arity = "1..*",
      description = "An image: NAME[:TAG], an image ID or a manifest digest (or a unique prefix).")
  List<String> images;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ImageService.Removals removals = Cli.hoist(spec).images().remove(images, force);
    PrintWriter out = spec.commandLine().getOut();
    for (ImageService.Outcome outcome : removals.outcomes()) {
      outcome.removal().ifPresent(removal -> {
        // a dangling image, given by ID: as Docker, name the image that goes
        removal.deleted().ifPresent(id -> out.println("Deleted: " + id));
        removal.untagged().forEach(name -> out.println("Untagged: " + name));
      });
      outcome.refused().ifPresent(e -> spec.commandLine().getErr().println("error: " + e));
    }
    GarbageCollector.Report report = removals.garbage();
    if (report.blobs() + report.snapshots() > 0) {
      out.println("Deleted: " + report.blobs() + " blobs, " + report.snapshots()
          + " snapshots (" + Sizes.human(report.bytes()) + ")");
    }
    return removals.allRemoved() ? 0 : 1;
  }
}
