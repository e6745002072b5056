package dev.hoist.cli;

import dev.hoist.runtime.ContainerState;
import dev.hoist.runtime.Containers;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code hoist unpause CONTAINER…}: thaw paused containers. */
@Command(name = "unpause", mixinStandardHelpOptions = true,
    description = "Thaw paused containers.")
final class UnpauseCommand extends EachContainerCommand {
  @Override
  void apply(Containers containers, ContainerState container) throws IOException {
    containers.resume(container);
  }
}
