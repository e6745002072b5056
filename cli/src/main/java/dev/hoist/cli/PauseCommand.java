package dev.hoist.cli;

import dev.hoist.runtime.Containers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist pause CONTAINER…}: freeze (cgroup freezer, through the runtime). */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = "Freeze every process of running containers.")
final class PauseCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Containers containers = ContainerCli.containers();
    return ContainerCli.forEach(spec, references,
        reference -> containers.pause(ContainerCli.require(containers, reference)));
  }
}
