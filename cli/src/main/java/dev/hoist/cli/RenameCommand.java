package dev.hoist.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist rename CONTAINER NEW_NAME}: running or not, as Docker's; prints nothing. */
@Command(name = "rename", mixinStandardHelpOptions = true,
    description = "Rename a container (running or not).")
final class RenameCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONTAINER") String reference;

  @Parameters(index = "1", paramLabel = "NEW_NAME") String name;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ContainerCli.containers(spec).rename(reference, name);
    return 0;
  }
}
