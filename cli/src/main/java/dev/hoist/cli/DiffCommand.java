package dev.hoist.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist diff CONTAINER}: Docker's {@code A}/{@code C}/{@code D} lines. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "List the files a container added (A), changed (C) or deleted (D) on top of "
        + "its image.")
final class DiffCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONTAINER") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ContainerCli.containers(spec).diff(reference)
        .forEach(c -> spec.commandLine().getOut().println(c.kind() + " " + c.path()));
    return 0;
  }
}
