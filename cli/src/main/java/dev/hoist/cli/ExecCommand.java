package dev.hoist.cli;

import dev.hoist.runtime.ContainerProcess;
import dev.hoist.runtime.ContainerSpec;
import dev.hoist.runtime.ContainerState;
import dev.hoist.runtime.Containers;
import dev.hoist.runtime.EnvironmentMerge;
import dev.hoist.runtime.ExecSpec;
import dev.hoist.runtime.UserResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoist exec [-i] [-t] [-e K=V] [-u USER] [-w DIR] CONTAINER CMD…}. */
@Command(name = "exec", description = "Run a command in a running container.")
final class ExecCommand implements Callable<Integer> {
  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = {"-i", "--interactive"}, description = "Keep stdin attached.")
  boolean interactive;

  @Option(names = {"-t", "--tty"}, description = "Allocate a terminal.")
  boolean tty;

  @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set a variable.")
  List<String> env = new ArrayList<>();

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
    Containers containers = ContainerCli.containers();
    ContainerState container = ContainerCli.require(containers, reference);
    ContainerSpec spec = container.spec();
    EnvironmentMerge merged = new EnvironmentMerge(System.getenv()).image(spec.env());
    try {
      env.forEach(merged::option);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    List<String> environment = new ArrayList<>();
    for (String entry : merged.build(null, null, tty)) {
      environment.add(entry);
    }
    int uid = spec.uid();
    int gid = spec.gid();
    List<Integer> groups = spec.groups();
    if (user != null) {
      UserResolver.User u = new UserResolver(spec.lowerDirs()).resolve(user);
      uid = u.uid();
      gid = u.gid();
      groups = u.groups();
    }
    ExecSpec exec = new ExecSpec(argv, environment, workdir != null ? workdir : spec.cwd(),
        uid, gid, groups, tty);
    ContainerStreams streams = new ContainerStreams(interactive, tty);
    try (SignalRelay relay = SignalRelay.install()) {
      ContainerProcess process;
      try {
        process = containers.exec(container, exec, streams.stdio());
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
