package dev.hoist.cli;

import dev.hoist.cache.image.GarbageCollector;
import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.TaggedImage;
import dev.hoist.cache.model.Descriptor;
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
    ImageStore store = LocalStore.open();
    PrintWriter out = spec.commandLine().getOut();
    int failures = 0;
    for (String reference : images) {
      try {
        Descriptor manifest = LocalStore.require(store, reference);
        ImageName asName = LocalStore.name(reference);
        List<TaggedImage> tags = store.list().stream()
            .filter(t -> t.manifest().digest().equals(manifest.digest())).toList();
        List<TaggedImage> named = tags.stream().filter(t -> asName.equals(t.name())).toList();
        boolean byName = !named.isEmpty();
        List<TaggedImage> remove = byName ? named : tags;
        if (!byName && tags.size() > 1 && !force) {
          throw new UserError("image " + reference + " is referenced by " + tags.size()
              + " tags (" + tags.stream().map(t -> t.name().familiar()).toList()
              + "): remove them by name, or use -f");
        }
        if (tags.isEmpty() && store.removeUntagged(manifest.digest())) {
          // a dangling image, given by ID: as Docker, name the image that goes
          out.println("Deleted: " + DanglingImages.id(new ImageReader(store.blobs()), manifest));
        }
        for (TaggedImage tag : remove) {
          store.untag(tag.name());
          out.println("Untagged: " + tag.name().familiar());
        }
      } catch (UserError e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        failures++;
      }
    }
    GarbageCollector.Report report = StoreGarbage.collect(store);
    if (report.blobs() + report.snapshots() > 0) {
      out.println("Deleted: " + report.blobs() + " blobs, " + report.snapshots()
          + " snapshots (" + Sizes.human(report.bytes()) + ")");
    }
    return failures == 0 ? 0 : 1;
  }
}
