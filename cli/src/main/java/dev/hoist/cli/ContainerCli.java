package dev.hoist.cli;

import dev.hoist.internal.registry.TransferListener;
import dev.hoist.internal.registry.TransferResult;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.runtime.HealthFlags;
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
   * Creates a container as {@code flags} say (the image pulled first as {@code --pull} says),
   * telling a pull on {@code err} as {@code docker run} does.
   */
  static ContainerState create(ContainerService containers,
      ContainerOptions flags, PrintWriter err) throws IOException {
    RestartPolicy restart = flags.restartPolicy();
    HealthFlags health = flags.healthFlags();
    CidFile cidFile = CidFile.create(flags.hostFlags.cidFile);
    ContainerState created;
    try {
      created = createContainer(containers, flags, err);
    } catch (IOException | RuntimeException e) {
      if (cidFile != null) {
        cidFile.discard();
      }
      throw e;
    }
    containers.setHealthcheck(created, health);
    if (cidFile != null) {
      cidFile.write(created.id());
    }
    return restart.isNo() ? created : containers.setRestartPolicy(created, restart);
  }

  private static ContainerState createContainer(ContainerService containers,
      ContainerOptions flags, PrintWriter err) throws IOException {
    RunOptions options = flags.toRunOptions();
    if (options.network() == NetworkMode.HOST && !options.networkOptions().ports().isEmpty()) {
      // as Docker's daemon: the ports stay in HostConfig, nothing is published
      err.println("WARNING: Published ports are discarded when using host network mode");
      err.flush();
    }
    try {
      PullPolicy policy = PullPolicy.parse(flags.pull);
      NetworkSelection named = NetworkSelection.of(flags.network);
      return containers.create(options, named.named(), flags.networkAliases, policy,
          flags.registry.overrides(), new PullLines(err),
          flags.platform == null ? null : dev.hoist.cache.model.Platform.parse(flags.platform));
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
  }
}
