package dev.hoist.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist tag SOURCE TARGET}. */
@Command(name = "tag", mixinStandardHelpOptions = true,
    description = "Create a tag TARGET that refers to the image SOURCE.")
final class TagCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SOURCE",
      description = "The image: NAME[:TAG], an image ID or a manifest digest (or a unique prefix).")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET",
      description = "The new name, NAME[:TAG] (replaced when it exists).")
  String target;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    try {
      Cli.hoist(spec).images().tag(source, target);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return 0;
  }
}
