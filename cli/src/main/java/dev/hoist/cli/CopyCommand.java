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

/** {@code hoist copy SRC DST}: an image from one registry to another, without the local store. */
@Command(name = "copy", mixinStandardHelpOptions = true,
    description = "Copy an image between registries (a multi-platform image whole): blobs are mounted "
        + "within one registry and streamed between two; nothing is stored locally.")
final class CopyCommand implements Callable<Integer> {
  @Mixin ProgressOption progress;

  @Mixin RegistryFlags flags;

  @Parameters(index = "0", paramLabel = "SOURCE") String source;

  @Parameters(index = "1", paramLabel = "TARGET") String target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ImageName from = RegistryFlags.reference(source);
    ImageName to = RegistryFlags.reference(target);
    ProgressDisplay display = progress.display(spec.commandLine().getErr());
    TransferResult result = Cli.hoist(spec).images().copy(from, to, flags.overrides(), display);
    spec.commandLine().getOut().println("Digest: " + result.root().digest());
    return 0;
  }
}
