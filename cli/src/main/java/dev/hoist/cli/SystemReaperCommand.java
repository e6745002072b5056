package dev.hoist.cli;

import dev.hoist.internal.service.ReaperImage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist system reaper [NAME]}: tags the image of hoist's replacement for Testcontainers'
 * reaper (Ryuk) into the store, by default under the name Testcontainers 1.21 runs, so that
 * Testcontainers runs with its reaper on against {@code hoist system service}
 * (docs/engine-api.md). Prints the image's ID.
 */
@Command(name = "reaper", mixinStandardHelpOptions = true,
    description = "Tag an image that does what Testcontainers' reaper (Ryuk) does, through the "
        + "Engine API, as " + ReaperImage.TESTCONTAINERS_NAME + " (or NAME).")
final class SystemReaperCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME",
      description = "the image's name (default: ${DEFAULT-VALUE})",
      defaultValue = ReaperImage.TESTCONTAINERS_NAME)
  String name;

  @Override
  public Integer call() throws IOException {
    var hoist = Cli.hoist(spec);
    var manifest = hoist.system().tagReaperImage(name);
    spec.commandLine().getOut().println(hoist.images().imageId(manifest));
    return 0;
  }
}
