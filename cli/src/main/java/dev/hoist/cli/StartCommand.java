package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist start [-a] CONTAINER…}: start created or exited containers. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start containers (detached unless -a).")
final class StartCommand implements Callable<Integer> {
  @Option(names = {"-a", "--attach"},
      description = "Run in the foreground: its output here, its exit status hoist's.")
  boolean attach;

  @Option(names = {"-i", "--interactive"}, description = "Attach stdin (with -a).")
  boolean interactive;

  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ContainerService containers = ContainerCli.containers(spec);
    if (attach) {
      if (references.size() != 1) {
        throw new UserError("you cannot start and attach multiple containers at once");
      }
      return RunCommand.runAttached(spec, containers,
          ContainerCli.require(containers, references.get(0)), interactive);
    }
    return ContainerCli.forEach(spec, references, containers::start);
  }
}
