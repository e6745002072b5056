package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that does one thing to each container named ({@code stop}, {@code kill},
 * {@code rm}, {@code pause}, {@code unpause}), as Docker's: prints each name once done, an error
 * line for each that fails, exit status 1 if any failed.
 */
abstract class EachContainerCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  /** Does this command's work on the container {@code reference} names. */
  abstract void apply(ContainerService containers, String reference)
      throws IOException, InterruptedException;

  @Override
  public Integer call() throws InterruptedException {
    ContainerService containers = ContainerCli.containers(spec);
    return ContainerCli.forEach(spec, references, reference -> apply(containers, reference));
  }
}
