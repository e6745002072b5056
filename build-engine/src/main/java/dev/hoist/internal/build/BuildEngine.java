package dev.hoist.internal.build;

import dev.hoist.internal.cache.archive.ArchiveFormat;
import dev.hoist.internal.cache.archive.ArchiveWriter;
import dev.hoist.internal.cache.concurrent.Parallel;
import dev.hoist.cache.image.Image;
import dev.hoist.cache.image.ImageName;
import dev.hoist.internal.cache.images.ImageStore;
import dev.hoist.cache.image.ImageWriter;
import dev.hoist.internal.cache.images.LocalImage;
import dev.hoist.cache.image.Mutate;
import dev.hoist.cache.image.ProgressListener;
import dev.hoist.internal.cache.images.StoreImages;
import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.LayerExtractor;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.model.MediaTypes;
import dev.hoist.cache.model.Platform;
import dev.hoist.internal.cache.store.AtomicFiles;
import dev.hoist.internal.cache.store.StoreLock;
import dev.hoist.internal.cache.store.TempFiles;
import dev.hoist.internal.cache.store.Trees;
import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.internal.dockerfile.ignore.DockerIgnore;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.Onbuild;
import dev.hoist.dockerfile.stages.ResolveOptions;
import dev.hoist.dockerfile.stages.Stage;
import dev.hoist.dockerfile.stages.StageGraph;
import dev.hoist.dockerfile.RawInstruction;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.registry.ImageTransfers;
import dev.hoist.internal.runtime.Diagnostics;
import dev.hoist.internal.runtime.Trace;
import dev.hoist.internal.registry.RegistryException;
import dev.hoist.internal.registry.TransferResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.hoist.internal.cache.store.ContentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code hoist build}: a Dockerfile and a context become an image in the local store (or an
 * archive, or a directory).
 *
 * <pre>{@code
 * BuildEngine engine = new BuildEngine(store, new LocalBaseImages(store));
 * BuildResult r = engine.build(BuildRequest.builder(contextDir).tag("app:1").build(), progress);
 * }</pre>
 *
 * <p>The Dockerfile is resolved for this build (build args, target, platform, the environment
 * of base images, their ONBUILD triggers inserted after the FROM that uses them); only the
 * stages the target needs are built, wave by wave in the stage graph's order, the stages of a
 * wave in parallel. The whole build holds the store's {@code gc} lock shared, so a prune never
 * removes what the build is about to reference.
 */
public final class BuildEngine {
  private final ImageStore store;
  private final BaseImages baseImages;
  private final Map<String, String> environment;
  private final Diagnostics diagnostics;
  private final boolean keepLayerBlobs;

  public BuildEngine(ImageStore store, BaseImages baseImages) {
    this(store, baseImages, System.getenv());
  }

  /** {@code environment} is where {@code --secret env=VAR} values are read from. */
  public BuildEngine(ImageStore store, BaseImages baseImages, Map<String, String> environment) {
    this(store, baseImages, environment, Diagnostics.logger());
  }

  /**
   * As {@link #BuildEngine(ImageStore, BaseImages, Map)}; {@code diagnostics} hears what fails
   * beside the RUN steps' work (a clean-up after one, a dead container's network).
   */
  public BuildEngine(ImageStore store, BaseImages baseImages, Map<String, String> environment,
      Diagnostics diagnostics) {
    this(store, baseImages, environment, diagnostics, false);
  }

  private BuildEngine(ImageStore store, BaseImages baseImages, Map<String, String> environment,
      Diagnostics diagnostics, boolean keepLayerBlobs) {
    this.store = store;
    this.baseImages = baseImages;
    this.environment = Map.copyOf(environment);
    this.diagnostics = diagnostics;
    this.keepLayerBlobs = keepLayerBlobs;
  }

  /**
   * This engine, the layers RUN steps make keeping their compressed blobs beside their
   * snapshots when {@code keep} (the program's {@code HOIST_KEEP_LAYER_BLOBS}); by default a
   * built layer is kept as its snapshot alone.
   */
  public BuildEngine keepingLayerBlobs(boolean keep) {
    return new BuildEngine(store, baseImages, environment, diagnostics, keep);
  }

  /**
   * The build context {@code argument} names, as {@code docker build} reads it: {@code -} (a tar,
   * plain, gzip or zstd, on {@code stdin}, or else the Dockerfile alone), a git repository
   * ({@code URL[#REF[:SUBDIR]]}: {@code git://}, {@code git@}, {@code ssh://} or an http(s) URL
   * ending in {@code .git}), an http(s) URL of a tar or a Dockerfile, or a directory. Close it
   * after the build; what a killed build left behind a later one removes. {@code log} gets git's
   * progress lines.
   */
  public BuildContext openContext(String argument, InputStream stdin, Consumer<String> log)
      throws IOException, InterruptedException {
    Path contexts = contextsDir();
    if (argument.equals("-")) {
      return BuildContext.fromStream(stdin, contexts, "stdin");
    }
    if (UrlSource.isGit(argument)) {
      return BuildContext.git(argument, contexts, log);
    }
    if (UrlSource.isUrl(argument)) {
      return BuildContext.url(argument, contexts);
    }
    return BuildContext.directory(Path.of(argument));
  }

  /** {@code -f -}: the Dockerfile of {@code context} is read from {@code stdin}. */
  public void dockerfileFromStdin(BuildContext context, InputStream stdin) throws IOException {
    context.dockerfileFrom(stdin, contextsDir());
  }

  private Path contextsDir() {
    return store.home().buildCache().resolve("contexts");
  }

  public BuildResult build(BuildRequest request, BuildProgress progress)
      throws IOException, InterruptedException {
    BaseImages bases = baseImages.forOneBuild();
    ParsedDockerfiles parsed = new ParsedDockerfiles();
    if (request.multiPlatform()) {
      return new MultiPlatformBuild(store,
          (r, p, steps, gate) -> buildOne(r, p, steps, bases, true, parsed, gate), bases, parsed)
          .build(request, progress);
    }
    if (request.output().dockerMediaTypes()) {
      throw new BuildException("oci-mediatypes=false applies to a multi-platform build (a Docker "
          + "manifest list): build with --platform a,b");
    }
    return buildOne(request, progress, null, bases, false, parsed,
        MultiPlatformBuild.Gate.OPEN);
  }

  /**
   * One platform's build; {@code steps} (when not null) receives every step's result by cache
   * key, what {@code --cache-to} exports (a multi-platform build exports them all at once);
   * {@code inIndex}: an image of a multi-platform build, which its index names (not kept
   * untagged meanwhile: the multi-platform build holds the gc lock throughout); {@code
   * sharedBuilt}: passed before the first step (a multi-platform build's shared stages built).
   */
  private BuildResult buildOne(BuildRequest request, BuildProgress progress,
      Map<String, StepCache.Entry> steps, BaseImages buildBases, boolean inIndex,
      ParsedDockerfiles parsed, MultiPlatformBuild.Gate sharedBuilt)
      throws IOException, InterruptedException {
    if (Trace.on()) {
      Trace.mark("build " + request.platform().formatted() + ": start");
    }
    store.initialise();
    if (!Files.isDirectory(request.context())) {
      throw new BuildException("build context " + request.context() + " is not a directory");
    }
    if (!Files.isRegularFile(request.dockerfile())) {
      throw new BuildException("no Dockerfile at " + request.dockerfile()
          + " (give one with -f)");
    }
    BaseImages baseImages = buildBases.reportingTo(progress);
    ImageTransfers transfers = baseImages.transfers().orElse(null);
    if (request.needsRegistry() && transfers == null) {
      throw new BuildException("--push, --cache-from and --cache-to need a registry client "
          + "(build with RegistryBaseImages)");
    }
    request.checkNames();
    try (StoreLock.Held gc = new StoreLock(store.home(), StoreLock.GC).shared()) {
      String text = Dockerfile.readText(request.dockerfile());
      String name = request.dockerfile().getFileName().toString();
      Dockerfile dockerfile = parsed.parse(text, name);
      ParserDirectives.check(dockerfile.syntax().directives(), name);
      // docker's config.json proxies are build args, as the docker CLI passes them
      Map<String, String> buildArgs = DockerConfigProxies.addTo(request.buildArgs(), environment);
      ResolveOptions options = ResolveOptions.defaults()
          .withBuildArgs(buildArgs)
          .withTarget(request.target())
          .withTargetPlatform(request.platform().formatted())
          .withBuildPlatform(Platform.host().formatted());
      StageGraph first = dockerfile.stages(options);
      Map<String, LocalImage> bases = new HashMap<>();
      Map<Integer, List<String>> triggers = new LinkedHashMap<>();
      Map<Integer, LocalImage> stageBases = resolveBases(baseImages,
          first.stagesFor(request.target()), request.platform());
      for (Stage stage : first.stagesFor(request.target())) {
        List<String> onbuild = new ArrayList<>();
        if (stage.baseStage() >= 0) {
          for (Instruction i : first.stages().get(stage.baseStage()).instructions()) {
            if (i instanceof Onbuild o) {
              onbuild.add(o.expression());
            }
          }
        } else if (stageBases.containsKey(stage.index())) {
          LocalImage image = stageBases.get(stage.index());
          bases.put(stage.from().image(), image);
          List<String> inherited = image.config().config().onBuild();
          if (inherited != null) {
            onbuild.addAll(inherited);
          }
        }
        if (!onbuild.isEmpty()) {
          triggers.put(stage.from().location().line(), onbuild);
        }
      }
      if (Trace.on()) {
        Trace.mark("build " + request.platform().formatted() + ": bases resolved");
      }
      // each trigger parsed alone and placed at its FROM, as BuildKit does: the Dockerfile's
      // own lines keep their numbers
      dockerfile = dockerfile.withTriggers(triggers);
      StageGraph graph = dockerfile.stages(
          options.withBaseImageEnv(image -> envOf(bases.get(image))));
      graph.warnings().forEach(progress::warning);
      Map<Integer, String> written = new HashMap<>();
      for (RawInstruction raw : dockerfile.syntax().instructions()) {
        written.put(raw.startLine(), raw.original());
      }
      // the plan first: every stage's steps, typed and checked, before any step runs
      List<List<Stage>> waves = graph.buildOrder(request.target());
      Map<Integer, StagePlan> plans = new StagePlanner(request, written)
          .plan(waves.stream().flatMap(List::stream)
              .sorted(java.util.Comparator.comparingInt(Stage::index)).toList());
      SourceTree context = new SourceTree(request.context(),
          DockerIgnore.forContext(request.context(), request.dockerfile()),
          request.context().toAbsolutePath().normalize().startsWith(
              contextsDir().toAbsolutePath().normalize())
              ? FileHashes.none() // unpacked for this build (a stream, git, a URL): new each time
              : FileHashes.load(store.home(), request.context()));
      WorkDirs.removeAbandoned(store.home().buildCache().resolve("tmp"));
      // blobs and snapshots a killed build was writing
      TempFiles.removeAbandoned(store.home().blobs().resolve("sha256"), null);
      TempFiles.removeAbandoned(store.home().snapshots(), null);
      Path scratch = WorkDirs.create(store.home().buildCache().resolve("tmp"));
      BuildSession session = new BuildSession(store, request, progress, context, baseImages,
          environment, written, scratch, keepLayerBlobs);
      session.proxies = ProxyEnvironment.fromBuildArgs(buildArgs);
      session.diagnostics = diagnostics;
      for (Stage s : graph.stages()) {
        if (s.name() != null) {
          session.stageNames.put(s.index(), s.name());
        }
      }
      for (String ref : request.cacheFrom()) {
        RemoteCache.load(transfers, ref, store.blobs(), progress)
            .ifPresent(session.remoteCaches::add);
      }
      if (Trace.on()) {
        Trace.mark("build " + request.platform().formatted() + ": planned");
      }
      try (BaseUnpacking ahead = BaseUnpacking.start(session, waves.stream().skip(1)
          .flatMap(List::stream).map(s -> plans.get(s.index())).toList())) {
        sharedBuilt.pass();
        for (List<Stage> wave : waves) {
          executeWave(session, wave.stream().map(s -> plans.get(s.index())).toList());
        }
        Stage target = graph.stage(request.target());
        ImageState result = session.stages.get(target.index()).image();
        context.saveHashes();
        BuildResult built = commit(session, result, inIndex);
        if (Trace.on()) {
          Trace.mark("build " + request.platform().formatted() + ": committed");
        }
        if (steps != null) {
          steps.putAll(session.stepResults);
        }
        if (request.push()) {
          built = push(built, request, transfers, progress);
        }
        if (request.cacheTo() != null) {
          exportCache(request, session.stepResults, session.blobs, transfers, progress);
        }
        return built;
      } finally {
        Trees.delete(scratch);
      }
    } catch (DockerfileException e) {
      throw new BuildException(e.getMessage(), 1, e.file(), e.line());
    }
  }

  /**
   * The base image of every stage of {@code stages} that starts from one, by stage index,
   * resolved at once (a cross-compile's foreign platform pulls its final stage's base while its
   * builder's base, the host's, is pulled; the same base twice is found once, {@link
   * BaseImages}).
   */
  private static Map<Integer, LocalImage> resolveBases(BaseImages baseImages,
      List<Stage> stages, Platform target) throws IOException, InterruptedException {
    List<Stage> fromImages = stages.stream().filter(s -> s.baseStage() < 0
        && !s.from().image().equalsIgnoreCase("scratch")).toList();
    List<Parallel.Call<LocalImage>> calls = new ArrayList<>();
    for (Stage stage : fromImages) {
      Platform platform = BuildSession.platformOf(stage, target);
      calls.add(() -> baseImages.resolve(stage.from().image(), platform));
    }
    List<LocalImage> images = Parallel.map(4, "resolve-base", calls);
    Map<Integer, LocalImage> out = new HashMap<>();
    for (int i = 0; i < fromImages.size(); i++) {
      out.put(fromImages.get(i).index(), images.get(i));
    }
    return out;
  }

  /** Pushes every tag to its registry; the result carries each pushed digest. */
  static BuildResult push(BuildResult built, BuildRequest request,
      ImageTransfers transfers, BuildProgress progress) throws IOException {
    Map<String, Digest> pushed = new LinkedHashMap<>();
    for (String tag : request.tags()) {
      try {
        ImageName target = ImageName.parse(tag);
        TransferResult r = transfers.push(ImageName.parse(tag).toString(), target,
            new TransferNotes(progress, "push " + tag));
        progress.note("push " + tag + ": digest: " + r.root().digest() + " size: "
            + r.root().size());
        pushed.put(tag, r.root().digest());
      } catch (RegistryException | IllegalArgumentException e) {
        throw new BuildException("push " + tag + ": " + e.getMessage());
      }
    }
    return new BuildResult(built.manifest(), built.imageId(), built.config(), pushed);
  }

  /**
   * {@code --cache-to}: the build's step results ({@code steps}, by cache key: the keys of a
   * multi-platform build's platforms differ, so one cache holds them all), mounting layers from
   * the pushed tags.
   */
  static void exportCache(BuildRequest request, Map<String, StepCache.Entry> steps,
      ContentStore blobs, ImageTransfers transfers, BuildProgress progress) throws IOException {
    String ref = request.cacheTo();
    List<String> mountFrom = new ArrayList<>();
    try {
      String registry = ImageName.parse(ref).registry();
      for (String tag : request.tags()) {
        ImageName t = ImageName.parse(tag);
        if (t.registry().equals(registry) && !mountFrom.contains(t.repository())) {
          mountFrom.add(t.repository());
        }
      }
    } catch (IllegalArgumentException e) {
      throw new BuildException("--cache-to " + ref + ": " + e.getMessage());
    }
    Descriptor d = RemoteCache.export(transfers, ref, steps, blobs,
        mountFrom, new TransferNotes(progress, "cache " + ref));
    progress.note("cache " + ref + ": " + steps.size() + " steps exported, digest: "
        + d.digest());
  }

  private static Map<String, String> envOf(LocalImage image) {
    Map<String, String> env = new LinkedHashMap<>();
    if (image != null && image.config().config().env() != null) {
      for (String e : image.config().config().env()) {
        int eq = e.indexOf('=');
        if (eq > 0) {
          env.put(e.substring(0, eq), e.substring(eq + 1));
        }
      }
    }
    return env;
  }

  private static void executeWave(BuildSession session, List<StagePlan> wave)
      throws IOException, InterruptedException {
    if (wave.size() == 1) {
      StagePlan plan = wave.get(0);
      session.stages.put(plan.stage().index(), new StageExecutor(session, plan).execute());
      return;
    }
    List<Parallel.Call<BuildSession.StageResult>> calls = new ArrayList<>();
    for (StagePlan plan : wave) {
      calls.add(() -> new StageExecutor(session, plan).execute());
    }
    List<BuildSession.StageResult> results = Parallel.map(8, "build-stage", calls);
    for (int i = 0; i < wave.size(); i++) {
      session.stages.put(wave.get(i).stage().index(), results.get(i));
    }
  }

  /**
   * Writes the final image (its config and manifest made over the built layers, {@link
   * Mutate#of}) to the store with the {@link ImageWriter}, as a pull writes one, tagged with
   * every {@code -t} (kept untagged without one, unless {@code inIndex}); then the requested
   * output.
   */
  private BuildResult commit(BuildSession session, ImageState state, boolean inIndex)
      throws IOException {
    BuildRequest request = session.request;
    ImageConfig config = state.config();
    if (!request.labels().isEmpty()) {
      ContainerConfig.Builder b = config.config().toBuilder();
      request.labels().forEach(b::label);
      config = config.withConfig(b.build());
    }
    config = config.withCreated(state.time().toString());
    StoreImages local = new StoreImages(store);
    Image image = Mutate.of(MediaTypes.OCI_MANIFEST, config,
        local.layers(state.layers(), config.diffIds()));
    Descriptor descriptor = image.descriptor();
    ImageWriter writer = new ImageWriter(1, ProgressListener.NONE);
    if (request.tags().isEmpty()) {
      writer.write(image, inIndex ? local.unnamed() : local.target(null));
    }
    for (String tag : request.tags()) {
      ImageName name;
      try {
        name = ImageName.parse(tag);
      } catch (IllegalArgumentException e) {
        throw new BuildException("-t " + tag + ": " + e.getMessage());
      }
      writer.write(image, local.target(name));
    }
    OutputSpec output = request.output();
    switch (output.type()) {
      case OCI, DOCKER -> {
        List<ArchiveWriter.Saved> images = new ArrayList<>();
        if (request.tags().isEmpty()) {
          images.add(new ArchiveWriter.Saved(null, descriptor));
        }
        for (String tag : request.tags()) {
          images.add(new ArchiveWriter.Saved(ImageName.parse(tag), descriptor));
        }
        AtomicFiles.writeOutput(output.dest(), out -> new ArchiveWriter(store).write(images,
            output.type() == OutputSpec.Type.OCI ? ArchiveFormat.OCI : ArchiveFormat.DOCKER,
            request.platform(), out));
      }
      case LOCAL -> {
        Files.createDirectories(output.dest());
        for (Descriptor layer : state.layers()) {
          try (InputStream in = store.blobs().open(layer.digest())) {
            new LayerExtractor(ExtractOptions.forCurrentUser()).extract(in, output.dest());
          }
        }
      }
      default -> { }
    }
    return new BuildResult(descriptor, image.manifest().config().digest(), config, Map.of());
  }
}
