package dev.hoist.cli;

import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.ContainerService;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hoist run [OPTIONS] IMAGE [CMD…]}: create a container and start it, in the foreground
 * (hoist's exit status is the container's, 128+N after signal N; signals are passed on) or
 * detached ({@code -d}: prints the ID; the monitor keeps the logs).
 */
@Command(name = "run", description = "Create and run a container from an image.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = {"-d", "--detach"}, description = "Run in the background and print the ID.")
  boolean detach;

  @Mixin ContainerOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    ContainerService containers = ContainerCli.containers(spec);
    if (!detach && !options.restartPolicy().isNo()) {
      throw new UserError("--restart " + options.restart + " needs -d: hoist has no daemon, the "
          + "monitor of a detached container restarts it");
    }
    ContainerState container = ContainerCli.create(containers, options,
        spec.commandLine().getErr());
    if (detach) {
      try {
        containers.startDetached(container);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      spec.commandLine().getOut().println(container.id());
      return 0;
    }
    return runAttached(spec, containers, container, options.interactive);
  }

  /**
   * Runs a container in the foreground: its output on this command's streams, signals passed
   * on; its exit status.
   */
  static int runAttached(CommandSpec spec, ContainerService containers,
      ContainerState container, boolean interactive) throws IOException, InterruptedException {
    ContainerStreams streams = new ContainerStreams(Cli.processStreams(spec), interactive,
        container.spec().tty());
    try (SignalRelay relay = SignalRelay.install()) {
      int code = containers.runAttached(container, streams.stdio(), p -> {
        relay.attach(p);
        streams.attach(p, spec.commandLine().getOut(), spec.commandLine().getErr());
      });
      streams.await();
      return code;
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
