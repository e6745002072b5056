package dev.hoist.cli;

import dev.hoist.cache.image.ImageName;
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
import dev.hoist.registry.ImageTransfers;
import dev.hoist.registry.TransferResult;
import java.io.IOException;
import java.io.PrintWriter;
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

  private static Optional<Descriptor> localImage(ImageStore images, String image)
      throws IOException {
    try {
      return images.resolve(image);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /**
   * Pulls {@code image} into the store, progress as plain lines on {@code err}; the manifest it
   * tagged.
   */
  private static Descriptor pull(ImageStore images, String image, RegistryFlags registry,
      PrintWriter err) throws IOException {
    ImageName reference = RegistryFlags.reference(image);
    ProgressDisplay display = new ProgressDisplay(err, ProgressDisplay.Mode.PLAIN);
    try (ImageTransfers transfers = new ImageTransfers(images, registry.options())) {
      TransferResult result = transfers.pull(reference, display);
      err.println("Digest: " + result.root().digest());
      err.flush();
      return result.image();
    }
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

  /**
   * Creates a container from an image of the local store, pulled first as {@code --pull} says
   * (by default only when the store does not have it, as {@code docker run} does).
   */
  static ContainerState create(Containers containers, ContainerOptions flags, PrintWriter err)
      throws IOException {
    RunOptions options = flags.toRunOptions();
    ImageStore images = new ImageStore(containers.store().home());
    Optional<Descriptor> manifest = switch (flags.pull) {
      case "always" -> Optional.empty();
      case "missing", "never" -> localImage(images, options.image());
      default -> throw new UserError("--pull must be missing, always or never: " + flags.pull);
    };
    if (manifest.isEmpty()) {
      if (flags.pull.equals("never")) {
        throw new UserError("image not found locally: " + options.image() + " (--pull=never)");
      }
      if (!flags.pull.equals("always")) {
        err.println("Unable to find image '" + options.image() + "' locally");
        err.flush();
      }
      manifest = Optional.of(pull(images, options.image(), flags.registry, err));
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
