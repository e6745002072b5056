package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code hoist unpause CONTAINER…}: thaw paused containers. */
@Command(name = "unpause", mixinStandardHelpOptions = true,
    description = "Thaw paused containers.")
final class UnpauseCommand extends EachContainerCommand {
  @Override
  void apply(ContainerService containers, String reference) throws IOException {
    containers.unpause(reference);
  }
}
