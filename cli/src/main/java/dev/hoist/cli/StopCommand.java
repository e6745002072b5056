package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoist stop [-t SECONDS] CONTAINER…}: STOPSIGNAL (or SIGTERM), then SIGKILL. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop running containers: the image's STOPSIGNAL (default SIGTERM), then "
        + "SIGKILL after the timeout.")
final class StopCommand extends EachContainerCommand {
  @Option(names = {"-t", "--time"}, paramLabel = "SECONDS",
      description = "Seconds to wait before SIGKILL "
          + "(default: the container's --stop-timeout, else 10).")
  Integer seconds;

  @Override
  void apply(ContainerService containers, String reference)
      throws IOException, InterruptedException {
    containers.stop(reference,
        seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds)));
  }
}
