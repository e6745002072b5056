package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.service.ImageService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist push [-a] [-q] IMAGE [TARGET]}: a local image (or every local tag of a
 * repository) to a registry.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Push a local image to a registry: blobs the registry lacks are mounted from another "
        + "repository or uploaded (3 at a time), then the manifest.")
final class PushCommand implements Callable<Integer> {
  @Mixin ProgressOption progress;

  @Option(names = {"-q", "--quiet"},
      description = "No progress; only the image's name on standard output.")
  boolean quiet;

  @Mixin RegistryFlags flags;

  @Option(names = {"-a", "--all-tags"},
      description = "Push every local tag of the repository IMAGE names (no tag, no TARGET).")
  boolean allTags;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The local image, named for its registry.")
  String image;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET",
      description = "Where to push it, when not to IMAGE's own name.")
  String target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ProgressDisplay display = progress.display(spec.commandLine().getErr(), quiet);
    ImageService images = Cli.hoist(spec).images();
    if (allTags && target != null) {
      throw new UserError("--all-tags takes no TARGET: tag the images for it, then push");
    }
    List<String> references = allTags ? images.localTags(image) : List.of(image);
    PrintWriter out = spec.commandLine().getOut();
    for (String reference : references) {
      TransferResult result = images.push(reference, target, flags.overrides(), display);
      ImageName destination = result.reference();
      String tag = destination.tag() != null ? destination.tag()
          : destination.manifestReference();
      out.println(quiet ? destination.familiar()
          : tag + ": digest: " + result.root().digest() + " size: " + result.root().size());
    }
    return 0;
  }
}
