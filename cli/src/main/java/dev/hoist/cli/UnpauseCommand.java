package dev.hoist.cli;

import dev.hoist.runtime.Containers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist unpause CONTAINER…}: thaw paused containers. */
@Command(name = "unpause", mixinStandardHelpOptions = true,
    description = "Thaw paused containers.")
final class UnpauseCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Containers containers = ContainerCli.containers();
    return ContainerCli.forEach(spec, references,
        reference -> containers.resume(ContainerCli.require(containers, reference)));
  }
}
