package dev.hoist.cli;

import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.cache.model.Healthcheck;
import dev.hoist.internal.runtime.NetworkMode;
import dev.hoist.internal.runtime.RestartPolicy;
import dev.hoist.internal.runtime.RunOptions;
import dev.hoist.internal.service.ContainerService;
import dev.hoist.internal.service.PullListener;
import dev.hoist.internal.service.PullPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What the container commands share: the run's container service, and its output. */
final class ContainerCli {
  private ContainerCli() {}

  static ContainerService containers(CommandSpec spec) {
    return Cli.hoist(spec).containers();
  }

  /** The container a user named, or a UserError. */
  static ContainerState require(ContainerService containers, String reference)
      throws IOException {
    try {
      return containers.require(reference);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Something done to one container. */
  @FunctionalInterface
  interface Action {
    void apply(String reference) throws IOException, InterruptedException;
  }

  /**
   * Does {@code action} to each container, as Docker's multi-container commands do: prints each
   * reference once done, an error line for each that fails; exit status 1 if any failed.
   */
  static int forEach(CommandSpec spec, List<String> references, Action action)
      throws InterruptedException {
    int failures = 0;
    for (String reference : references) {
      try {
        action.apply(reference);
        spec.commandLine().getOut().println(reference);
      } catch (UserError | IllegalArgumentException | IOException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /**
   * Creates a container as {@code flags} say (the image pulled first as {@code --pull} says,
   * its health check and restart policy with it: one service call), telling a pull on {@code
   * err} as {@code docker run} does; its ID in the {@code --cidfile}.
   */
  static ContainerState create(ContainerService containers,
      ContainerOptions flags, PrintWriter err) throws IOException {
    RestartPolicy restart = flags.restartPolicy();
    Healthcheck health = flags.healthcheck();
    CidFile cidFile = CidFile.create(flags.hostFlags.cidFile);
    ContainerState created;
    try {
      created = createContainer(containers, flags, health, restart, err);
    } catch (IOException | RuntimeException e) {
      if (cidFile != null) {
        cidFile.discard();
      }
      throw e;
    }
    if (cidFile != null) {
      cidFile.write(created.id());
    }
    return created;
  }

  private static ContainerState createContainer(ContainerService containers,
      ContainerOptions flags, Healthcheck health, RestartPolicy restart, PrintWriter err)
      throws IOException {
    RunOptions options = flags.toRunOptions();
    if (options.network() == NetworkMode.HOST && !options.networkOptions().ports().isEmpty()) {
      // as Docker's daemon: the ports stay in HostConfig, nothing is published
      err.println("WARNING: Published ports are discarded when using host network mode");
      err.flush();
    }
    try {
      PullPolicy policy = PullPolicy.parse(flags.pull);
      NetworkSelection named = NetworkSelection.of(flags.network);
      return containers.create(new ContainerService.CreateRequest(options, named.named(),
          flags.networkAliases, health, restart,
          flags.platform == null ? null : dev.hoist.cache.model.Platform.parse(flags.platform)),
          policy, flags.registry.overrides(), new PullLines(err));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** A pull before a container's creation, as plain lines on the error stream. */
  private static final class PullLines implements PullListener {
    private final PrintWriter err;
    private final ProgressDisplay display;

    PullLines(PrintWriter err) {
      this.err = err;
      this.display = new ProgressDisplay(err, ProgressDisplay.Mode.PLAIN);
    }

    @Override
    public void notFoundLocally(String reference) {
      err.println("Unable to find image '" + reference + "' locally");
      err.flush();
    }

    @Override
    public TransferListener blobs() {
      return display;
    }

    @Override
    public void pulled(String reference, TransferResult result) {
      err.println("Digest: " + result.root().digest());
      err.flush();
    }

    @Override
    public void warning(String message) {
      err.println("WARNING: " + message);
      err.flush();
    }
  }
}
