package dev.hoist.api;

import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveTarget;
import dev.hoist.internal.cache.concurrent.Parallel;
import dev.hoist.cache.image.Artifact;
import dev.hoist.internal.cache.images.Artifacts;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.cache.image.Layer;
import dev.hoist.cache.image.Mutate;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.registry.CredentialSource;
import dev.hoist.internal.registry.Credentials;
import dev.hoist.internal.registry.DockerConfig;
import dev.hoist.internal.registry.RegistryClient;
import dev.hoist.internal.registry.RegistryOptions;
import dev.hoist.internal.registry.RegistryTarget;
import dev.hoist.internal.registry.RemoteImages;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link ImageAssembly#assemble}: the base resolved while the layers are taken from the
 * cache or written, the images composed with {@link Mutate}, then one {@link ImageWriter#write}
 * to the target's adapter ({@code RegistryTarget}, {@code ArchiveTarget}, the store's target).
 */
final class AssemblyRun {
  private final ImageAssembly a;
  private final RegistryOptions options;
  private final Map<String, RegistryClient> clients = new HashMap<>();

  AssemblyRun(ImageAssembly assembly) {
    this.a = assembly;
    CredentialSource credentials = DockerConfig.fromEnvironment();
    for (Map.Entry<String, String[]> c : assembly.credentials.entrySet()) {
      credentials = credentials.with(c.getKey(), new Credentials(c.getValue()[0], c.getValue()[1]));
    }
    this.options = RegistryOptions.defaults().withCredentials(credentials)
        .withInsecureRegistries(assembly.insecureRegistries)
        .withParallelism(assembly.parallelism);
  }

  AssemblyResult write(AssemblyTarget target) throws IOException {
    try {
      AssemblyLayerCache cache = new AssemblyLayerCache(a.cacheDirectory);
      boolean zstd = a.compression.equals("zstd");
      LayerWriter writer = LayerWriter.builder()
          .compression(zstd ? Compression.ZSTD : Compression.GZIP).level(a.level)
          .threads(Math.max(2, Runtime.getRuntime().availableProcessors())).build();
      String settings = writer.settings().toString();
      List<Parallel.Call<Object>> calls = new ArrayList<>();
      calls.add(this::baseImages);
      for (LayerSpec spec : a.layers) {
        calls.add(() -> cache.layer(AssemblyEntries.of(spec), writer, settings));
      }
      List<Object> done = Parallel.map(calls.size(), "hoist-assemble", calls);
      @SuppressWarnings("unchecked")
      List<Image> bases = (List<Image>) done.get(0);
      List<AssemblyLayerCache.CachedLayer> built = new ArrayList<>();
      for (Object o : done.subList(1, done.size())) {
        built.add((AssemblyLayerCache.CachedLayer) o);
      }
      List<Image> images = new ArrayList<>();
      for (Image base : bases) {
        images.add(compose(base, built, zstd));
      }
      Artifact root = images.size() == 1 ? images.get(0) : Mutate.index(images);
      writeTo(root, target);
      if (target.kind() == AssemblyTarget.Kind.REGISTRY) {
        ImageName pushed = ImageName.parse(target.reference());
        for (AssemblyLayerCache.CachedLayer layer : built) {
          layer.pushedTo(pushed.registry(), pushed.repository());
        }
      }
      List<Digest> configs = new ArrayList<>();
      for (Image image : images) {
        configs.add(image.manifest().config().digest());
      }
      return new AssemblyResult(root.descriptor(), configs,
          built.stream().map(l -> l.digest).toList(), cache.built(), cache.reused());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } finally {
      for (RegistryClient c : clients.values()) {
        c.close();
      }
    }
  }

  private synchronized RegistryClient client(String registry) throws IOException {
    RegistryClient c = clients.get(registry);
    if (c == null) {
      c = RegistryClient.connect(registry, options);
      clients.put(registry, c);
    }
    return c;
  }

  /** The base's image for each platform asked for (or the one it is, or the host's). */
  private List<Image> baseImages() throws IOException {
    List<Platform> wanted = a.platforms;
    if (a.base.kind() == AssemblyBase.Kind.SCRATCH) {
      List<Image> images = new ArrayList<>();
      for (Platform p : wanted.isEmpty() ? List.of(Platform.host()) : wanted) {
        images.add(Mutate.of(MediaTypes.OCI_MANIFEST, ImageConfig.of(p), List.of()));
      }
      return images;
    }
    Artifact base = baseArtifact();
    List<Image> images = new ArrayList<>();
    if (wanted.isEmpty() && base instanceof Image image) {
      return List.of(image);
    }
    for (Platform p : wanted.isEmpty() ? List.of(Platform.host()) : wanted) {
      images.add(Artifacts.forPlatform(base, p, index -> {
        throw new AssemblyException("the base " + a.base.reference() + " has no image for " + p
            + " (it offers " + index.platforms().stream().map(Object::toString).distinct()
            .toList() + ")");
      }));
    }
    return images;
  }

  private Artifact baseArtifact() throws IOException {
    if (a.base.kind() == AssemblyBase.Kind.REGISTRY) {
      ImageName name = ImageName.parse(a.base.reference());
      return new RemoteImages(client(name.registry()), options.limits()).get(name);
    }
    ImageStore store = new ImageStore(new HoistHome(a.base.home()));
    Descriptor found = store.resolve(a.base.reference()).orElseThrow(() -> new AssemblyException(
        "no image " + a.base.reference() + " in the hoist store at " + a.base.home()));
    return new StoreImages(store).artifact(Descriptor.of(found.mediaType(), found.digest(),
        found.size()), a.base.reference());
  }

  private Image compose(Image base, List<AssemblyLayerCache.CachedLayer> built, boolean zstd)
      throws IOException {
    String mediaType = base.manifest().mediaType();
    boolean docker = MediaTypes.isDocker(mediaType);
    if (docker && zstd) {
      throw new AssemblyException("zstd layers need an OCI base image (or scratch); the base "
          + a.base.reference() + " is a Docker image");
    }
    String layerType = docker ? MediaTypes.DOCKER_LAYER_GZIP
        : zstd ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER_GZIP;
    String created = a.creationTime.toString();
    ImageConfig config = base.config();
    List<Layer> layers = new ArrayList<>(base.layers());
    for (int i = 0; i < built.size(); i++) {
      Layer layer = built.get(i).as(layerType);
      layers.add(layer);
      config = config.plusLayer(layer.diffId(), History.layer(created,
          "hoist assemble: layer " + a.layers.get(i).name()));
    }
    return Mutate.of(mediaType, config.withConfig(containerConfig(config.config()))
        .withCreated(created), layers);
  }

  private ContainerConfig containerConfig(ContainerConfig base) {
    ContainerConfig.Builder b = base.toBuilder();
    if (a.entrypoint != null) {
      b.entrypoint(a.entrypoint);
      b.cmd(a.cmd);
    } else if (a.cmd != null) {
      b.cmd(a.cmd);
    }
    a.env.forEach(b::envVar);
    a.labels.forEach(b::label);
    a.exposedPorts.stream().sorted().forEach(b::exposedPort);
    if (a.workingDir != null) {
      b.workingDir(a.workingDir);
    }
    if (a.user != null) {
      b.user(a.user);
    }
    return b.build();
  }

  private void writeTo(Artifact root, AssemblyTarget target) throws IOException {
    ImageName name = ImageName.parse(target.reference());
    ImageWriter writer = new ImageWriter(a.parallelism, a.listener);
    switch (target.kind()) {
      case REGISTRY -> {
        List<String> mountFrom = new ArrayList<>();
        if (a.base.kind() == AssemblyBase.Kind.REGISTRY) {
          ImageName baseName = ImageName.parse(a.base.reference());
          if (baseName.registry().equals(name.registry())) {
            mountFrom.add(baseName.repository());
          }
        }
        writer.write(root, new RegistryTarget(client(name.registry()), name, mountFrom));
      }
      case DOCKER_ARCHIVE, OCI_ARCHIVE -> writeArchive(root, name, target.path(),
          target.kind() == AssemblyTarget.Kind.OCI_ARCHIVE ? ArchiveFormat.OCI : ArchiveFormat.DOCKER,
          writer);
      case STORE -> {
        HoistHome home = new HoistHome(target.path());
        ImageStore store = new ImageStore(home);
        store.initialise();
        try (StoreLock.Held gc = new StoreLock(home, StoreLock.GC).shared()) {
          writer.write(root, new StoreImages(store).target(name));
        }
      }
    }
  }

  private static void writeArchive(Artifact root, ImageName name, Path file, ArchiveFormat format,
      ImageWriter writer) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
           ArchiveTarget archive = ArchiveTarget.open(format, out)) {
        writer.write(root, archive.image(name));
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
