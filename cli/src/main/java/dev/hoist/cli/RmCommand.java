package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoist rm [-f] [-v] CONTAINER…}: remove containers (named volumes stay). */
@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Remove containers (named volumes stay).")
final class RmCommand extends EachContainerCommand {
  @Option(names = {"-f", "--force"}, description = "Kill running containers first.")
  boolean force;

  @Option(names = {"-v", "--volumes"},
      description = "Also remove the anonymous volumes no other container uses.")
  boolean volumes;

  @Override
  void apply(ContainerService containers, String reference)
      throws IOException, InterruptedException {
    containers.remove(reference, force, volumes);
  }
}
