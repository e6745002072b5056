package dev.hoist.internal.service;

import dev.hoist.cache.image.ImageName;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.build.CommitChanges;
import dev.hoist.internal.cache.images.ImageReader;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.internal.cache.layer.OverlayDiff;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.runtime.ContainerSpec;
import dev.hoist.internal.runtime.ContainerState;
import dev.hoist.internal.service.docker.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code docker commit}: a container's changes (its overlay upper directory, the diff
 * {@code hoist diff} lists, deletions as OCI whiteouts) become one new layer on its image, with
 * a config made of the container's ({@code Env}, {@code Cmd}, {@code Entrypoint},
 * {@code WorkingDir}, {@code User}, {@code ExposedPorts}, {@code Volumes}, {@code Labels} as its
 * inspect shows them), {@code --change} instructions applied on top ({@link CommitChanges}), and
 * a history entry with the author and message. The image goes to the local store, tagged when
 * asked. A running container is frozen while its files are read unless {@code pause} is off.
 */
final class ContainerCommit {
  private final HoistContext context;
  private final ImageService images;
  private final ContainerService containers;

  ContainerCommit(HoistContext context, ImageService images, ContainerService containers) {
    this.context = context;
    this.images = images;
    this.containers = containers;
  }

  /** Commits {@code container} as {@code request} says; the new image's ID. */
  String commit(ContainerState container, ContainerService.CommitRequest request)
      throws IOException {
    ContainerSpec spec = ContainerService.requireSpec(container);
    ImageName tag = request.reference() == null ? null : ImageService.name(request.reference());
    Descriptor baseManifest = images.store().resolve(container.imageId())
        .orElseThrow(() -> new NotFoundException("the image of container " + container.name()
            + " (" + container.imageId() + ") is no longer in the store"));
    ImageStore store = images.store();
    LocalImage base = new ImageReader(store.blobs()).image(baseManifest, Platform.host());
    RunConfig shown = containers.dockerInspect(container, false).config();
    Instant now = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    ImageConfig config = base.config().withConfig(configOf(base.config().config(), shown,
        spec))
        .withCreated(now.toString());
    config = CommitChanges.apply(config, request.changes());
    if (request.author() != null && !request.author().isEmpty()) {
      config = new ImageConfig(config.created(), request.author(), config.architecture(),
          config.os(), config.osVersion(), config.osFeatures(), config.variant(), config.config(),
          config.rootfs(), config.history(), config.unknownFields());
    }
    boolean freeze = request.pause() && container.status() == ContainerState.Status.RUNNING;
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      LayerResult layer;
      if (freeze) {
        containers.pause(container.id());
      }
      try {
        layer = writeLayer(spec, store);
      } finally {
        if (freeze) {
          containers.unpause(container.id());
        }
      }
      config = config.plusLayer(layer.diffId(), new History(now.toString(),
          shown.cmd() == null ? "" : String.join(" ", shown.cmd()), request.author(),
          request.message(), false, null));
      byte[] configBytes = CanonicalJson.write(config);
      store.blobs().put(configBytes);
      List<Descriptor> layers = new ArrayList<>(base.manifest().layers());
      layers.add(Descriptor.of(layer.mediaType(), layer.digest(), layer.size()));
      byte[] manifestBytes = CanonicalJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST,
          Descriptor.ofContent(MediaTypes.OCI_CONFIG, configBytes), layers));
      store.blobs().put(manifestBytes);
      Descriptor manifest = Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifestBytes);
      if (tag == null) {
        store.keepUntagged(manifest);
      } else {
        store.tag(tag, manifest);
      }
      return Descriptor.ofContent(MediaTypes.OCI_CONFIG, configBytes).digest().toString();
    }
  }

  /** The layer of the container's upper directory (empty for one never started). */
  private LayerResult writeLayer(ContainerSpec spec, ImageStore store) throws IOException {
    List<LayerEntry> entries = Files.isDirectory(spec.upperDir())
        ? ContainerService.withoutRuntimeMountPoints(OverlayDiff.entries(spec.upperDir()))
        : List.of();
    LayerWriter writer = LayerWriter.builder()
        .clampMtime(context.sourceDateEpoch().orElse(null)).build();
    try (BlobWriter blob = store.blobs().writer()) {
      LayerResult layer = writer.write(entries, blob);
      blob.commit();
      return layer;
    }
  }

  /** The image's run config with the container's own values in Docker's commit fields. */
  private static ContainerConfig configOf(ContainerConfig image, RunConfig container,
      ContainerSpec spec) {
    return image.toBuilder()
        .env(withoutRuntimeEntries(container.env(), image.env(), spec))
        .cmd(container.cmd())
        .entrypoint(container.entrypoint())
        .workingDir(container.workingDir())
        .user(container.user())
        .exposedPorts(keys(container.exposedPorts()))
        .volumes(keys(container.volumes()))
        .labels(container.labels())
        .build();
  }

  /**
   * The container's environment without what the runtime adds to every process
   * ({@code HOSTNAME}, {@code HOME}, a terminal's {@code TERM}): Docker keeps those out of
   * {@code Config.Env}, so a committed image never carries the container's host name. Kept when
   * the image's own environment sets them.
   */
  static List<String> withoutRuntimeEntries(List<String> env, List<String> imageEnv,
      ContainerSpec spec) {
    if (env == null) {
      return null;
    }
    java.util.Set<String> imageNames = new java.util.HashSet<>();
    if (imageEnv != null) {
      imageEnv.forEach(e -> imageNames.add(e.split("=", 2)[0]));
    }
    List<String> kept = new ArrayList<>();
    for (String e : env) {
      String name = e.split("=", 2)[0];
      boolean added = switch (name) {
        case "HOSTNAME" -> e.equals("HOSTNAME=" + spec.hostname());
        case "HOME" -> true;
        case "TERM" -> spec.tty() && e.equals("TERM=xterm");
        default -> false;
      };
      if (!added || imageNames.contains(name)) {
        kept.add(e);
      }
    }
    return kept;
  }

  private static java.util.Set<String> keys(Map<String, Map<String, String>> set) {
    return set == null ? null : new java.util.TreeSet<>(set.keySet());
  }
}
