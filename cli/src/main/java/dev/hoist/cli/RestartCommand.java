package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hoist restart [-s SIGNAL] [-t SECONDS] CONTAINER…}: stop (as {@code stop}), then start detached. */
@Command(name = "restart", mixinStandardHelpOptions = true,
    description = "Restart containers: stop them as hoist stop does (a stopped one as it is), "
        + "then start them detached.")
final class RestartCommand extends EachContainerCommand {
  @Mixin StopFlags flags = new StopFlags();

  @Override
  void apply(ContainerService containers, String reference)
      throws IOException, InterruptedException {
    containers.restart(reference, flags.signal, flags.timeout());
  }
}
