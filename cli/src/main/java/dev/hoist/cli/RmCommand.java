package dev.hoist.cli;

import dev.hoist.runtime.Containers;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist rm [-f] CONTAINER…}: remove containers (their volumes stay). */
@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Remove containers (named volumes stay).")
final class RmCommand implements Callable<Integer> {
  @Option(names = {"-f", "--force"}, description = "Kill running containers first.")
  boolean force;

  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Containers containers = ContainerCli.containers();
    return ContainerCli.forEach(spec, references,
        reference -> containers.remove(ContainerCli.require(containers, reference), force));
  }
}
