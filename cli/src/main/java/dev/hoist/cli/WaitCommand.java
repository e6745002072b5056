package dev.hoist.cli;

import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.WaitCondition;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist wait [--condition not-running|next-exit|removed] CONTAINER…}: blocks until each
 * stops (or its next exit, or its removal), prints its exit code, as Docker's.
 */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = "Block until containers stop, then print their exit codes (one per line).")
final class WaitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONTAINER", arity = "1..*") List<String> references;

  @Option(names = "--condition", paramLabel = "not-running|next-exit|removed",
      defaultValue = "not-running", description = "Wait until the container is not running "
          + "(default; at once when it is not), until its next exit, or until it is removed.")
  String condition;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ContainerService containers = ContainerCli.containers(spec);
    WaitCondition until;
    try {
      until = WaitCondition.parse(condition);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    int failures = 0;
    for (String reference : references) {
      try {
        spec.commandLine().getOut().println(containers.await(reference, until));
        spec.commandLine().getOut().flush();
      } catch (UserError | IllegalArgumentException | java.io.IOException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
