package dev.hoist.cli;

import dev.hoist.cache.image.ImageReader;
import dev.hoist.cache.image.ImageStore;
import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Platform;
import dev.hoist.cache.snapshot.SnapshotStore;
import dev.hoist.cache.store.HoistHome;
import dev.hoist.cache.store.StoreLock;
import dev.hoist.runtime.ContainerState;
import dev.hoist.runtime.Containers;
import dev.hoist.runtime.ImageLayers;
import dev.hoist.runtime.RunOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** What the container commands share: the home's containers, and lookups that fail clearly. */
final class ContainerCli {
  private ContainerCli() {}

  static Containers containers() {
    return new Containers(HoistHome.fromEnvironment());
  }

  /** The container a user named, or a UserError. */
  static ContainerState require(Containers containers, String reference) throws IOException {
    try {
      return containers.store().require(reference);
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

  /** Creates a container from a local image (pulling is for the registry client: not yet). */
  static ContainerState create(Containers containers, RunOptions options) throws IOException {
    ImageStore images = new ImageStore(containers.store().home());
    Optional<Descriptor> manifest;
    try {
      manifest = images.resolve(options.image());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    if (manifest.isEmpty()) {
      // TODO pull the image once the registry client (branch registry) has landed
      throw new UserError("image not found locally: " + options.image()
          + " (pulling is not available yet: hoist load or hoist import it first)");
    }
    LocalImage image = new ImageReader(images.blobs()).image(manifest.get(), Platform.host());
    // held until the container records its layers, so that a prune cannot take them meanwhile
    try (StoreLock.Held gc = new StoreLock(images.home(), StoreLock.GC).shared()) {
      List<Path> lowers = ImageLayers.lowerDirs(
          new SnapshotStore(images.home(), images.blobs()), image);
      return containers.create(options, image, lowers, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
