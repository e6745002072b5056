package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerLog;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoist logs [-f] [--tail N] [-t] CONTAINER}: a detached container's output. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Show a container's output (stdout here, stderr on stderr).")
final class LogsCommand implements Callable<Integer> {
  @Option(names = {"-f", "--follow"}, description = "Keep following while it runs.")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "all",
      description = "Only the last N lines (default ${DEFAULT-VALUE}).")
  String tail;

  @Option(names = {"-t", "--timestamps"}, description = "Prefix each line with its time.")
  boolean timestamps;

  @Parameters(paramLabel = "CONTAINER") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    int lines;
    try {
      lines = tail.equals("all") ? -1 : Integer.parseInt(tail);
    } catch (NumberFormatException e) {
      throw new UserError("--tail takes a number or all: " + tail);
    }
    ContainerCli.containers(spec).logs(reference, new ContainerLog.Options(lines, timestamps),
        follow, spec.commandLine().getOut(), spec.commandLine().getErr(),
        container -> spec.commandLine().getErr().println("note: " + container.name()
            + " ran in the foreground, its output went to the terminal and was not kept"));
    return 0;
  }
}
