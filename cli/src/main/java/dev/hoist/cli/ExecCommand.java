package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.EnvironmentMerge;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoist exec [-d] [-i] [-t] [-e K=V] [--env-file FILE] [-u USER] [-w DIR] CONTAINER CMD…}.
 */
@Command(name = "exec", description = "Run a command in a running container.")
final class ExecCommand implements Callable<Integer> {
  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = {"-d", "--detach"},
      description = "Start the command and return: it runs on in the container, its output "
          + "discarded (as Docker's).")
  boolean detach;

  @Option(names = {"-i", "--interactive"}, description = "Keep stdin attached.")
  boolean interactive;

  @Option(names = {"-t", "--tty"}, description = "Allocate a terminal.")
  boolean tty;

  @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set a variable.")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE", description = "Read variables from a file.")
  List<Path> envFiles = new ArrayList<>();

  @Option(names = "--privileged",
      description = "Give the command every capability (the container's seccomp filter stays).")
  boolean privileged;

  @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Run as this user.")
  String user;

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
  String workdir;

  @Parameters(index = "0", paramLabel = "CONTAINER") String reference;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD") List<String> argv;

  @Spec
  CommandSpec command;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ContainerService containers = ContainerCli.containers(command);
    ContainerState container = ContainerCli.require(containers, reference);
    List<String> variables = new ArrayList<>();
    try {
      for (Path file : envFiles) {
        variables.addAll(EnvironmentMerge.fileEntries(file));
      }
    } catch (NoSuchFileException e) {
      throw new UserError("open " + e.getFile() + ": no such file or directory");
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    variables.addAll(env);
    ContainerService.ExecRequest request = new ContainerService.ExecRequest(argv, variables,
        user, workdir, tty && !detach, privileged);
    if (detach) {
      try {
        containers.exec(container, request, Stdio.detached());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      return 0;
    }
    ContainerStreams streams = new ContainerStreams(Cli.processStreams(command), interactive,
        tty);
    try (SignalRelay relay = SignalRelay.install()) {
      ContainerProcess process;
      try {
        process = containers.exec(container, request, streams.stdio());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      relay.attach(process);
      streams.attach(process, command.commandLine().getOut(), command.commandLine().getErr());
      int code = process.waitFor();
      streams.await();
      return code;
    }
  }
}
