package dev.hoist.cli;

import dev.hoist.internal.compose.ComposeService;
import dev.hoist.internal.compose.OneOffRequest;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hoist compose run [--rm] [-d] [-e K=V]… [--no-deps] [--entrypoint CMD] [-u USER]
 * [-w DIR] [-T] [--name NAME] [-p PORT]… [--service-ports] [--use-aliases] [-v SPEC]…
 * [-l K=V]… [--cap-add CAP]… [--cap-drop CAP]… SERVICE [CMD…]}: a
 * one-off container of the service ({@link ComposeService#createOneOff}), then run attached as
 * {@code hoist run} runs one (its exit code is the command's) or, with {@code -d}, started
 * detached and its name printed. When hoist fails the status is 1, as Compose v2's (not
 * {@code docker run}'s 125).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a one-off command in a new container of a service.")
final class ComposeRunCommand implements Callable<Integer> {
  @ParentCommand ComposeCommand parent;
  @Spec CommandSpec spec;

  @Option(names = {"-d", "--detach"}, description = "Run in the background; print its name.")
  boolean detach;

  @Option(names = "--rm", description = "Remove the container when it exits.")
  boolean remove;

  @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set a variable.")
  List<String> env = new ArrayList<>();

  @Option(names = "--no-deps", description = "Do not start the services it depends on.")
  boolean noDeps;

  @Option(names = "--entrypoint", paramLabel = "CMD", description = "Override the entrypoint.")
  String entrypoint;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as this user.")
  String user;

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
  String workdir;

  @Option(names = {"-T", "--no-TTY"}, description = "No terminal (hoist's default when stdin "
      + "is not one).")
  boolean noTty;

  @Option(names = {"-i", "--interactive"}, description = "Keep stdin open (the default).")
  boolean interactive;

  @Option(names = "--name", paramLabel = "NAME", description = "The container's name.")
  String name;

  @Option(names = {"-p", "--publish"}, paramLabel = "PORT", description = "Publish a port "
      + "([IP:][HOST:]CONTAINER[/PROTO]).")
  List<String> publish = new ArrayList<>();

  @Option(names = "--service-ports", description = "Publish the service's ports too.")
  boolean servicePorts;

  @Option(names = "--use-aliases", description = "The service's name and aliases on its "
      + "networks.")
  boolean useAliases;

  @Option(names = "--build", description = "Build the service's image first.")
  boolean build;

  @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:OPTS]", description = "Mount a "
      + "volume or a host path (./x: the project directory's).")
  List<String> volumes = new ArrayList<>();

  @Option(names = {"-l", "--label"}, paramLabel = "K=V", description = "Add or override a "
      + "label.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--cap-add", paramLabel = "CAP", description = "Add a capability.")
  List<String> capAdd = new ArrayList<>();

  @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop a capability.")
  List<String> capDrop = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "SERVICE") String service;

  @Parameters(index = "1..*", paramLabel = "CMD") List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    boolean tty = !detach && !noTty && System.console() != null && Cli.processStreams(spec);
    ComposeService compose = parent.compose();
    ContainerState container = compose.createOneOff(parent.projectTargeting(service),
        new OneOffRequest(service, command, entrypoint, env, user, workdir, name, publish,
            servicePorts, useAliases, noDeps, remove, !detach, tty, volumes,
            dev.hoist.internal.runtime.ContainerLabels.parse(List.of(), labels), capAdd,
            capDrop),
        new ComposeService.Builds(build ? ComposeService.BuildPolicy.ALWAYS
            : ComposeService.BuildPolicy.MISSING,
            new BuildProgressPrinter(spec.commandLine().getErr())), parent.events());
    ContainerService containers = Cli.hoistWithWarmSteps(spec).containers();
    if (detach) {
      containers.startDetached(container);
      spec.commandLine().getOut().println(container.name());
      spec.commandLine().getOut().flush();
      return 0;
    }
    return RunCommand.runAttached(spec, containers, container, true);
  }
}
