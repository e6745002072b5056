package dev.hoist.cli;

import dev.hoist.internal.compose.AttachedUp;
import dev.hoist.internal.compose.ComposeLabels;
import dev.hoist.internal.compose.ConfigHash;
import dev.hoist.internal.compose.ComposeProject;
import dev.hoist.internal.compose.ComposeService;
import dev.hoist.internal.runtime.ContainerLog;
import dev.hoist.internal.runtime.ContainerProcess;
import dev.hoist.internal.runtime.Stdio;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.PullPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The subcommands of {@code hoist compose}: options, one {@code ComposeService} call, output. */
final class ComposeCommands {
  private ComposeCommands() {}

  /** {@code config [--services] [--volumes] [--profiles] [--format yaml|json] [-q]}. */
  @Command(name = "config", aliases = "convert", mixinStandardHelpOptions = true,
      description = "Validate the compose file and print it normalised.")
  static final class Config implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--services", description = "Only the service names, one a line.")
    boolean services;

    @Option(names = "--volumes", description = "Only the volume names, one a line.")
    boolean volumes;

    @Option(names = "--networks", description = "Only the network names, one a line.")
    boolean networks;

    @Option(names = "--format", paramLabel = "yaml|json", defaultValue = "yaml",
        description = "Output format (default: yaml).")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Only validate.")
    boolean quiet;

    @Option(names = "--no-interpolate", description = "Leave ${VAR} as written.")
    boolean noInterpolate;

    @Option(names = "--hash", paramLabel = "SERVICE,…|*",
        description = "Each service's config hash (the label up compares), SERVICE HASH.")
    String hash;

    @Override
    public Integer call() throws IOException {
      ComposeProject project = parent.project(!noInterpolate);
      PrintWriter out = spec.commandLine().getOut();
      if (quiet) {
        return 0;
      }
      if (hash != null) {
        for (String name : project.services().keySet()) {
          if (hash.equals("*") || List.of(hash.split(",")).contains(name)) {
            out.println(name + " " + ConfigHash.of(project.service(name)));
          }
        }
      } else if (services) {
        project.services().keySet().forEach(out::println);
      } else if (volumes) {
        project.volumes().keySet().forEach(out::println);
      } else if (networks) {
        project.networks().keySet().forEach(out::println);
      } else {
        out.print(ComposeCommand.render(project, format));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code up -d [--scale S=N]… [--force-recreate] [--no-recreate] [--remove-orphans]}. */
  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Create and start the services' containers (attached: follow them).")
  static final class Up implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;

    @Option(names = {"-d", "--detach"}, description = "Run in the background.")
    boolean detach;

    @Option(names = "--wait", description = "Wait until the services are running (healthy when "
        + "they have a health check); implies -d.")
    boolean await;

    @Option(names = "--abort-on-container-exit", description = "Stop every container when one "
        + "exits (attached).")
    boolean abortOnExit;

    @Option(names = "--exit-code-from", paramLabel = "SERVICE", description = "Exit with this "
        + "service's exit code (implies --abort-on-container-exit).")
    String exitCodeFrom;

    @Spec CommandSpec spec;

    @Option(names = "--scale", paramLabel = "SERVICE=N", description = "Containers of a service.")
    List<String> scale = new ArrayList<>();

    @Option(names = "--force-recreate", description = "Recreate every container.")
    boolean forceRecreate;

    @Option(names = "--no-recreate", description = "Never recreate a changed container.")
    boolean noRecreate;

    @Option(names = "--remove-orphans", description = "Remove containers of services the file "
        + "no longer has.")
    boolean removeOrphans;

    @Option(names = "--pull", paramLabel = "always|missing|never", defaultValue = "missing",
        description = "Pull images (default: missing).")
    String pull;

    @Option(names = "--build", description = "Build images before starting containers.")
    boolean build;

    @Option(names = "--no-build", description = "Do not build an image, even when missing.")
    boolean noBuild;

    @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (build && noBuild) {
        throw new UserError("--build and --no-build are incompatible");
      }
      boolean detached = detach || await;
      if (detached && (abortOnExit || exitCodeFrom != null)) {
        throw new UserError((abortOnExit ? "--abort-on-container-exit" : "--exit-code-from")
            + " and " + (detach ? "-d" : "--wait") + " are incompatible");
      }
      if (forceRecreate && noRecreate) {
        throw new UserError("--force-recreate and --no-recreate are incompatible");
      }
      Map<String, Integer> scales = new LinkedHashMap<>();
      for (String s : scale) {
        int eq = s.indexOf('=');
        try {
          scales.put(s.substring(0, eq), Integer.parseInt(s.substring(eq + 1)));
        } catch (RuntimeException e) {
          throw new UserError("--scale takes SERVICE=N, not " + s);
        }
      }
      ComposeProject project = parent.project(true);
      parent.compose().up(project, new ComposeService.UpOptions(services, scales,
          forceRecreate, noRecreate, removeOrphans, PullPolicy.parse(pull)),
          new ComposeService.Builds(build ? ComposeService.BuildPolicy.ALWAYS
              : noBuild ? ComposeService.BuildPolicy.NEVER : ComposeService.BuildPolicy.MISSING,
              new BuildProgressPrinter(parent.spec.commandLine().getErr())), parent.events());
      if (await) {
        parent.compose().awaitRunning(project, services, parent.events());
      }
      return detached ? 0 : attached(project);
    }

    /** Follows every container until all exit; SIGINT or SIGTERM stops them all. */
    private int attached(ComposeProject project) throws IOException, InterruptedException {
      boolean colours = System.console() != null && Cli.processStreams(spec);
      AttachedUp attached = parent.compose().attach(project, services,
          new AttachedUp.Options(abortOnExit, exitCodeFrom, colours), spec.commandLine().getOut(),
          parent.events());
      try (SignalHandlers stop = SignalHandlers.install(List.of("INT", "TERM"),
          name -> attached.interrupt())) {
        return attached.start().await();
      }
    }
  }

  /** {@code down [-v] [--remove-orphans] [-t N]}. */
  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop and remove the containers and networks (-v: and volumes).")
  static final class Down implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;

    @Option(names = {"-v", "--volumes"}, description = "Remove named and anonymous volumes.")
    boolean volumes;

    @Option(names = "--remove-orphans", description = "Also containers of services the file "
        + "no longer has.")
    boolean removeOrphans;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Stop timeout.")
    Integer timeout;

    @Option(names = "--rmi", paramLabel = "local|all", description = "Also remove images: "
        + "local those built without an image name, all every service's.")
    String rmi;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
      ComposeControlCommands.down(parent, spec, new ComposeService.DownOptions(volumes,
          removeOrphans, timeout == null ? null : Duration.ofSeconds(timeout)), rmi);
      return 0;
    }
  }

  /** {@code ps [-a] [-q] [--services] [--status S]… [--format F] [SERVICE…]}. */
  @Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers.")
  static final class Ps implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;
    @Spec CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Also stopped containers.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only IDs.")
    boolean quiet;

    @Option(names = "--services", description = "Only service names.")
    boolean servicesOnly;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only containers in this "
        + "state (created, running, paused, restarting, exited, dead); several: any.")
    List<String> status = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "'table TEMPLATE', 'json' "
        + "or a Go template over .ID .Names .Image .State .Status .Labels ….")
    String format;

    @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      ComposeProject project = parent.project(true);
      PrintWriter out = spec.commandLine().getOut();
      List<ContainerState> containers = parent.compose().containers(project, services).stream()
          .filter(c -> status.isEmpty() ? all || c.isActive()
              : status.contains(c.status().word())).toList();
      if (quiet) {
        containers.forEach(c -> out.println(c.id()));
      } else if (servicesOnly) {
        containers.stream().map(c -> c.labels().get(ComposeLabels.SERVICE)).distinct()
            .forEach(out::println);
      } else if (format != null) {
        ComposePsFormat.print(spec, containers, format);
      } else {
        out.printf("%-30s %-20s %-15s %s%n", "NAME", "SERVICE", "STATUS", "IMAGE");
        for (ContainerState c : containers) {
          out.printf("%-30s %-20s %-15s %s%n", c.name(), c.labels().get(ComposeLabels.SERVICE),
              c.status().word(), c.image());
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code logs [--tail N] [-t] [SERVICE…]}. */
  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "Show the services' output, each line prefixed with its container.")
  static final class Logs implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;
    @Spec CommandSpec spec;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "all",
        description = "Only the last N lines of each container (default: all).")
    String tail;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps.")
    boolean timestamps;

    @Option(names = {"-f", "--follow"}, description = "Follow every container's output until "
        + "all have stopped.")
    boolean follow;

    @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
      int lines;
      try {
        lines = ContainerLog.Options.tail(tail);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      parent.compose().logs(parent.project(true), services,
          new ContainerLog.Options(lines, timestamps), follow, spec.commandLine().getOut(),
          spec.commandLine().getErr());
      return 0;
    }
  }

  /** {@code exec [-d] [-T] [--privileged] [-e K=V] [-u USER] [-w DIR] [--index N] SERVICE CMD…}. */
  @Command(name = "exec", mixinStandardHelpOptions = true,
      description = "Run a command in a service's running container.")
  static final class Exec implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;
    @Spec CommandSpec spec;

    @Option(names = {"-T", "--no-TTY"}, description = "No terminal (hoist's default when "
        + "stdin is not one).")
    boolean noTty;

    @Option(names = {"-d", "--detach"},
        description = "Start the command and return (it runs on, its output discarded).")
    boolean detach;

    @Option(names = "--privileged",
        description = "Give the command every capability (the container's seccomp filter stays).")
    boolean privileged;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set a variable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as this user.")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
    String workdir;

    @Option(names = "--index", paramLabel = "N", defaultValue = "1",
        description = "Which container of the service (default: 1).")
    int index;

    @Parameters(index = "0", paramLabel = "SERVICE") String service;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD") List<String> argv;

    @Override
    public Integer call() throws IOException, InterruptedException {
      boolean tty = !detach && !noTty && System.console() != null && Cli.processStreams(spec);
      ContainerService.ExecRequest request = new ContainerService.ExecRequest(argv, env, user,
          workdir, tty, privileged);
      if (detach) {
        parent.compose().exec(parent.project(true), service, index, request, Stdio.detached());
        return 0;
      }
      ContainerStreams streams = new ContainerStreams(Cli.processStreams(spec), tty, tty);
      try (SignalRelay relay = SignalRelay.install()) {
        ContainerProcess process = parent.compose().exec(parent.project(true), service, index,
            request, streams.stdio());
        relay.attach(process);
        streams.attach(process, spec.commandLine().getOut(), spec.commandLine().getErr());
        int code = process.waitFor();
        streams.await();
        return code;
      }
    }
  }

  /** What {@code stop} and {@code restart} take: {@code [-t N] [SERVICE…]}. */
  abstract static class TimedServices implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Stop timeout.")
    Integer seconds;

    @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

    Duration timeout() {
      return seconds == null ? null : Duration.ofSeconds(seconds);
    }
  }

  /** {@code stop [-t N] [SERVICE…]}. */
  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop services.")
  static final class Stop extends TimedServices {
    @Override
    public Integer call() throws IOException, InterruptedException {
      parent.compose().stop(parent.project(true), services, timeout(), parent.events());
      return 0;
    }
  }

  /** {@code start [SERVICE…]}. */
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start services.")
  static final class Start implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;

    @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
      parent.compose().start(parent.project(true), services, parent.events());
      return 0;
    }
  }

  /** {@code restart [-t N] [SERVICE…]}. */
  @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart services.")
  static final class Restart extends TimedServices {
    @Override
    public Integer call() throws IOException, InterruptedException {
      parent.compose().restart(parent.project(true), services, timeout(), parent.events());
      return 0;
    }
  }

  /** {@code rm [-f] [-s] [-v] [SERVICE…]}. */
  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Remove stopped service containers.")
  static final class Rm implements Callable<Integer> {
    @ParentCommand ComposeCommand parent;

    @Option(names = {"-f", "--force"}, description = "Do not ask (hoist never asks).")
    boolean force;

    @Option(names = {"-s", "--stop"}, description = "Stop running containers first.")
    boolean stop;

    @Option(names = {"-v", "--volumes"}, description = "Remove their anonymous volumes.")
    boolean volumes;

    @Parameters(paramLabel = "SERVICE") List<String> services = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
      parent.compose().rm(parent.project(true), services, stop, volumes, parent.events());
      return 0;
    }
  }
}
