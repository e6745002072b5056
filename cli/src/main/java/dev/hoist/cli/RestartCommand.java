package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoist restart [-t SECONDS] CONTAINER…}: stop (as {@code stop}), then start detached. */
@Command(name = "restart", mixinStandardHelpOptions = true,
    description = "Restart containers: stop them as hoist stop does (a stopped one as it is), "
        + "then start them detached.")
final class RestartCommand extends EachContainerCommand {
  @Option(names = {"-t", "--time"}, paramLabel = "SECONDS",
      description = "Seconds to wait for each to stop before SIGKILL "
          + "(default: the container's --stop-timeout, else 10).")
  Integer seconds;

  @Override
  void apply(ContainerService containers, String reference)
      throws IOException, InterruptedException {
    containers.restart(reference,
        seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds)));
  }
}
