package dev.hoist.cli;

import dev.hoist.runtime.Containers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist kill [-s SIGNAL] CONTAINER…}. */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Send a signal (default SIGKILL) to running containers.")
final class KillCommand implements Callable<Integer> {
  @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
      description = "Signal name or number (default ${DEFAULT-VALUE}).")
  String signal;

  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Containers containers = ContainerCli.containers();
    return ContainerCli.forEach(spec, references,
        reference -> containers.kill(ContainerCli.require(containers, reference), signal));
  }
}
