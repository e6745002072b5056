package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hoist stop [-s SIGNAL] [-t SECONDS] CONTAINER…}: STOPSIGNAL (or SIGTERM), then SIGKILL. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop running containers: the image's STOPSIGNAL (default SIGTERM), then "
        + "SIGKILL after the timeout.")
final class StopCommand extends EachContainerCommand {
  @Mixin StopFlags flags = new StopFlags();

  @Override
  void apply(ContainerService containers, String reference)
      throws IOException, InterruptedException {
    containers.stop(reference, flags.signal, flags.timeout());
  }
}
