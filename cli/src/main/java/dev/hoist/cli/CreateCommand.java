package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerState;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoist create [OPTIONS] IMAGE [CMD…]}: a container, not started; prints its ID. */
@Command(name = "create", description = "Create a container from an image without starting it.")
final class CreateCommand implements Callable<Integer> {
  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Mixin ContainerOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ContainerState container = ContainerCli.create(ContainerCli.containers(spec), options,
        spec.commandLine().getErr());
    spec.commandLine().getOut().println(container.id());
    return 0;
  }
}
