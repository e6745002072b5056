package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoist kill [-s SIGNAL] CONTAINER…}. */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Send a signal (default KILL) to running containers.")
final class KillCommand extends EachContainerCommand {
  @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
      description = "Signal name (KILL, SIGUSR1) or number (default: ${DEFAULT-VALUE}).")
  String signal;

  @Override
  void apply(ContainerService containers, String reference) throws IOException {
    containers.kill(reference, signal);
  }
}
