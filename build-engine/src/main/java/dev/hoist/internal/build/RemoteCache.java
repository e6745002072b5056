package dev.hoist.internal.build;

import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.json.CanonicalJson;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageManifest;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.registry.FetchedManifest;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.registry.RegistryClient;
import dev.hoist.internal.registry.RegistryException;
import dev.hoist.internal.registry.TransferListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The build cache in a registry ({@code --cache-to REF}, {@code --cache-from REF}): an OCI image
 * manifest whose config (media type {@value #MEDIA_TYPE}) maps each step's cache key to what the
 * step produced ({@link StepCache.Entry}: layer descriptor, diffID, time), and whose layers are
 * those steps' layers. An import reads the config only; a layer is downloaded when a step hits
 * on it and the local store lacks it.
 */
final class RemoteCache {
  /** The config media type of a cache manifest. */
  static final String MEDIA_TYPE = "application/vnd.hoist.build.cache.v1+json";

  /** The config: every step's result by cache key. */
  record Steps(Map<String, StepCache.Entry> steps) {
    Steps {
      steps = new TreeMap<>(steps);
    }
  }

  private final String name;
  private final RegistryClient client;
  private final String repository;
  private final Map<String, StepCache.Entry> steps;

  private RemoteCache(String name, RegistryClient client, String repository,
      Map<String, StepCache.Entry> steps) {
    this.name = name;
    this.client = client;
    this.repository = repository;
    this.steps = steps;
  }

  /** What the user named the cache ({@code --cache-from REF}). */
  String name() {
    return name;
  }

  /**
   * The cache at {@code ref}, its config read into memory; empty (with a warning, as Docker
   * does) when the registry has no such tag.
   */
  static Optional<RemoteCache> load(ImageTransfers transfers, String ref, ContentStore blobs,
      BuildProgress progress) throws IOException {
    ImageName reference = parse("--cache-from", ref);
    try {
      RegistryClient client = transfers.client(reference.registry());
      FetchedManifest fetched = client.getManifest(reference.repository(),
          reference.manifestReference());
      ImageManifest manifest = CanonicalJson.read(fetched.bytes(), ImageManifest.class,
          "build cache manifest");
      Descriptor config = manifest.config();
      if (config == null || !MEDIA_TYPE.equals(config.mediaType())) {
        throw new BuildException("--cache-from " + ref + " is not a hoist build cache (its config "
            + "is " + (config == null ? "missing" : config.mediaType()) + ")");
      }
      if (!blobs.contains(config.digest())) {
        client.fetchBlob(reference.repository(), config, blobs, TransferListener.NONE);
      }
      Steps s = CanonicalJson.read(blobs.read(config.digest()), Steps.class, "build cache " + ref);
      progress.note("cache " + ref + ": " + s.steps().size() + " steps imported");
      return Optional.of(new RemoteCache(ref, client, reference.repository(), s.steps()));
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        progress.warning("--cache-from " + ref + ": not found, ignored (" + e.getMessage() + ")");
        return Optional.empty();
      }
      throw new BuildException("--cache-from " + ref + ": " + e.getMessage());
    }
  }

  /** The step with {@code key}, its layer downloaded into {@code blobs} if missing there. */
  Optional<StepCache.Entry> lookup(String key, ContentStore blobs, BuildProgress progress)
      throws IOException {
    StepCache.Entry entry = steps.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.layer() != null && !blobs.contains(entry.layer().digest())) {
      try {
        client.fetchBlob(repository, entry.layer(), blobs,
            new TransferNotes(progress, "cache " + name));
      } catch (RegistryException e) {
        progress.warning("--cache-from " + name + ": layer " + entry.layer().digest().shortHex()
            + " unavailable, step runs (" + e.getMessage() + ")");
        return Optional.empty();
      }
    }
    return Optional.of(entry);
  }

  /**
   * Pushes {@code steps} to {@code ref}: the layers the repository lacks (mounted from
   * {@code mountFrom}, repositories of the same registry, when one has them), the config, then
   * the manifest. Returns the manifest's descriptor.
   */
  static Descriptor export(ImageTransfers transfers, String ref, Map<String, StepCache.Entry> steps,
      ContentStore blobs, List<String> mountFrom, TransferListener listener) throws IOException {
    ImageName reference = parse("--cache-to", ref);
    byte[] configBytes = CanonicalJson.write(new Steps(steps));
    blobs.put(configBytes);
    Descriptor config = Descriptor.ofContent(MEDIA_TYPE, configBytes);
    Map<String, Descriptor> layers = new LinkedHashMap<>();
    new TreeMap<>(steps).values().forEach(e -> {
      if (e.layer() != null) {
        layers.putIfAbsent(e.layer().digest().toString(), e.layer());
      }
    });
    ImageManifest manifest = ImageManifest.of(MediaTypes.OCI_MANIFEST, config,
        new ArrayList<>(layers.values()));
    byte[] manifestBytes = CanonicalJson.write(manifest);
    blobs.put(manifestBytes);
    Descriptor root = Descriptor.ofContent(MediaTypes.OCI_MANIFEST, manifestBytes);
    try {
      return transfers.push(StoreImages.reading(blobs).artifact(root, "the build cache"), reference,
          mountFrom, listener).root();
    } catch (RegistryException e) {
      throw new BuildException("--cache-to " + ref + ": " + e.getMessage());
    }
  }

  private static ImageName parse(String option, String ref) {
    try {
      return ImageName.parse(ref);
    } catch (IllegalArgumentException e) {
      throw new BuildException(option + " " + ref + ": " + e.getMessage());
    }
  }
}
