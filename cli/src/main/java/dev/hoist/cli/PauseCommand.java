package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code hoist pause CONTAINER…}: freeze (cgroup freezer, through the runtime). */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = "Freeze every process of running containers.")
final class PauseCommand extends EachContainerCommand {
  @Override
  void apply(ContainerService containers, String reference) throws IOException {
    containers.pause(reference);
  }
}
