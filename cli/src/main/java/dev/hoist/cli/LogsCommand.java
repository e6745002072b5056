package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.service.list.Timestamps;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoist logs [-f] [--tail N] [-t] [--since T] [--until T] [--details] CONTAINER}: a
 * container's output, foreground ones included.
 */
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

  @Option(names = "--since", paramLabel = "TIME", description = "Only lines since TIME: RFC 3339"
      + " (2013-01-02T13:23:37Z), Unix seconds, or a duration back from now (42m).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only lines before TIME (as"
      + " --since).")
  String until;

  @Option(names = "--details", description = "Show each line's extra attributes first (hoist"
      + " records none: a space, as Docker prints for a container without --log-opt).")
  boolean details;

  @Parameters(paramLabel = "CONTAINER") String reference;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    int lines;
    try {
      lines = ContainerLog.Options.tail(tail);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    ContainerCli.containers(spec).logs(reference, new ContainerLog.Options(lines, timestamps,
        time("--since", since), time("--until", until), details), follow,
        spec.commandLine().getOut(), spec.commandLine().getErr());
    return 0;
  }

  private static Instant time(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Timestamps.parse(value, Clock.systemDefaultZone());
    } catch (IllegalArgumentException e) {
      throw new UserError(option + ": " + e.getMessage());
    }
  }
}
