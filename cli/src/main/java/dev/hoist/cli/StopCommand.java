package dev.hoist.cli;

import dev.hoist.runtime.Containers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist stop [-t SECONDS] CONTAINER…}: STOPSIGNAL (or SIGTERM), then SIGKILL. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop running containers: the image's STOPSIGNAL (default SIGTERM), then "
        + "SIGKILL after the timeout.")
final class StopCommand implements Callable<Integer> {
  @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds to wait before SIGKILL (default ${DEFAULT-VALUE}).")
  int seconds;

  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Containers containers = ContainerCli.containers();
    return ContainerCli.forEach(spec, references, reference -> containers.stop(
        ContainerCli.require(containers, reference), Duration.ofSeconds(Math.max(0, seconds))));
  }
}
