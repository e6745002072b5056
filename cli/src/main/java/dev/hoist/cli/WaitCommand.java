package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist wait CONTAINER…}: blocks until each stops, prints its exit code, as Docker's. */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = "Block until containers stop, then print their exit codes (one per line).")
final class WaitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ContainerService containers = ContainerCli.containers(spec);
    int failures = 0;
    for (String reference : references) {
      try {
        spec.commandLine().getOut().println(containers.await(reference));
        spec.commandLine().getOut().flush();
      } catch (UserError | IllegalArgumentException | java.io.IOException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
