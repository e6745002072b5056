package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.service.Hoist;
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
 * {@code hoist pull [-a] [-q] [--platform P] REF}: an image (or every tag of a repository) from
 * a registry into the local store.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Pull an image from a registry into the local store (config and layers 3 at a time, "
        + "verified), then tag it locally.")
final class PullCommand implements Callable<Integer> {
  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "The variant to pull from a multi-platform image (default: this machine's).")
  String platform;

  @Mixin ProgressOption progress;

  @Option(names = {"-q", "--quiet"},
      description = "No progress; only the image's name on standard output.")
  boolean quiet;

  @Option(names = {"-a", "--all-tags"},
      description = "Pull every tag the registry lists for the repository IMAGE names (no tag).")
  boolean allTags;

  @Mixin RegistryFlags flags;

  @Parameters(paramLabel = "IMAGE", description = "e.g. alpine:3.19, ghcr.io/org/app@sha256:…")
  String image;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Platform chosen = platform == null ? null : LocalStore.platform(platform);
    PrintWriter out = spec.commandLine().getOut();
    ProgressDisplay display = progress.display(spec.commandLine().getErr(), quiet);
    Hoist hoist = Cli.hoist(spec);
    List<ImageName> references = allTags
        ? hoist.registries().allTags(image, flags.overrides())
        : List.of(RegistryFlags.reference(image));
    for (ImageName reference : references) {
      TransferResult result = hoist.images().pull(reference, chosen, flags.overrides(), display);
      if (!quiet) {
        out.println("Digest: " + result.root().digest());
        out.println(reference.toString());
      }
    }
    if (quiet) {
      out.println(allTags ? ImageService.name(image).qualifiedRepository()
          : references.get(0).toString());
    }
    return 0;
  }
}
