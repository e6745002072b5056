package dev.hoist.cli;

import dev.hoist.runtime.ContainerState;
import dev.hoist.runtime.Containers;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code hoist pause CONTAINER…}: freeze (cgroup freezer, through the runtime). */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = "Freeze every process of running containers.")
final class PauseCommand extends EachContainerCommand {
  @Override
  void apply(Containers containers, ContainerState container) throws IOException {
    containers.pause(container);
  }
}
