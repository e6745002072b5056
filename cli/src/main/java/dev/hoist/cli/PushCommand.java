package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.registry.TransferResult;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist push IMAGE [TARGET]}: a local image to a registry. */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Push a local image to a registry: blobs the registry lacks are mounted from another "
        + "repository or uploaded (3 at a time), then the manifest.")
final class PushCommand implements Callable<Integer> {
  @Mixin ProgressOption progress;

  @Mixin RegistryFlags flags;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The local image, named for its registry.")
  String image;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET",
      description = "Where to push it, when not to IMAGE's own name.")
  String target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ProgressDisplay display = progress.display(spec.commandLine().getErr());
    TransferResult result = Cli.hoist(spec).images().push(image, target, flags.overrides(),
        display);
    ImageName destination = result.reference();
    String tag = destination.tag() != null ? destination.tag() : destination.manifestReference();
    spec.commandLine().getOut().println(tag + ": digest: " + result.root().digest() + " size: " + result.root().size());
    return 0;
  }
}
