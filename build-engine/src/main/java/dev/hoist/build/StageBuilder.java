package dev.hoist.build;

import dev.hoist.cache.image.LocalImage;
import dev.hoist.cache.layer.ExtractOptions;
import dev.hoist.cache.layer.LayerEntry;
import dev.hoist.cache.layer.LayerExtractor;
import dev.hoist.cache.layer.LayerResult;
import dev.hoist.cache.layer.OverlayDiff;
import dev.hoist.cache.model.ContainerConfig;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.History;
import dev.hoist.cache.model.ImageConfig;
import dev.hoist.cache.store.BlobWriter;
import dev.hoist.cache.store.Trees;
import dev.hoist.dockerfile.instructions.Add;
import dev.hoist.dockerfile.instructions.Arg;
import dev.hoist.dockerfile.instructions.Cmd;
import dev.hoist.dockerfile.instructions.Copy;
import dev.hoist.dockerfile.instructions.Env;
import dev.hoist.dockerfile.instructions.Instruction;
import dev.hoist.dockerfile.instructions.Run;
import dev.hoist.dockerfile.instructions.RunMount;
import dev.hoist.dockerfile.instructions.Workdir;
import dev.hoist.dockerfile.stages.ImageDefaults;
import dev.hoist.dockerfile.stages.Stage;
import dev.hoist.runtime.BindMount;
import dev.hoist.runtime.ContainerSpec;
import dev.hoist.runtime.ContainerStore;
import dev.hoist.runtime.RootView;
import dev.hoist.runtime.UserResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Builds one stage: from its base (an image, scratch, or an earlier stage), each instruction in
 * turn. Every step has a cache key (parent key, expanded instruction, build args it sees, hashes
 * of the files it reads); a step that changes files (RUN, COPY, ADD, WORKDIR creating its
 * directory) is looked up in the cache and skipped on a hit; config-only steps are applied
 * directly. Each step reports on the progress sink why it hit or missed.
 */
final class StageBuilder {
  /** The work of a step that changes files; returns the cache entry it made. */
  private interface Body {
    StepCache.Entry run(Instant created) throws IOException, InterruptedException;
  }

  private final BuildSession session;
  private final Stage stage;
  private final int stepCount;
  private StageArgs args = new StageArgs();
  private ImageState state;
  /** The history text of the current step when it differs from its progress line (RUN). */
  private String history;
  private String missCause;
  private boolean cmdSet;
  private int number;
  private String detail;

  StageBuilder(BuildSession session, Stage stage) {
    this.session = session;
    this.stage = stage;
    this.stepCount = stage.instructions().size() + 1;
  }

  BuildSession.StageResult build() throws IOException, InterruptedException {
    from();
    for (Instruction instruction : stage.instructions()) {
      number++;
      if (instruction instanceof Arg arg) {
        args.declare(arg);
      }
      if (instruction instanceof Run run) {
        run(run);
      } else if (instruction instanceof Copy copy) {
        copy(copy, copy.from(), copy.paths().sources(), copy.paths().heredocs(),
            copy.paths().destination(), copy.chown(), copy.chmod(), copy.parents(),
            copy.excludes(), false);
      } else if (instruction instanceof Add add) {
        copy(add, null, add.paths().sources(), add.paths().heredocs(),
            add.paths().destination(), add.chown(), add.chmod(), false, add.excludes(), true);
      } else if (instruction instanceof Workdir workdir) {
        workdir(workdir);
      } else {
        configStep(instruction);
        if (instruction instanceof Env env) {
          env.variables().forEach(v -> args.envSet(v.key()));
        }
      }
    }
    return new BuildSession.StageResult(state, missCause, args);
  }

  private BuildProgress.Step progressStep(String text) {
    String name = stage.name() != null ? stage.name() : "stage-" + stage.index();
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline) + " ...";
    return new BuildProgress.Step(name, number, stepCount, line);
  }

  // ---- FROM ---------------------------------------------------------------------------------

  private void from() throws IOException {
    number = 1;
    String image = stage.from().image();
    BuildProgress.Step step = progressStep("FROM " + image
        + (stage.name() != null ? " AS " + stage.name() : ""));
    long start = System.nanoTime();
    session.progress.started(step);
    int base = stage.baseStage();
    if (base >= 0) {
      BuildSession.StageResult parent = session.stages.get(base);
      state = parent.image();
      missCause = parent.missCause();
      args = new StageArgs(parent.args()); // a stage built FROM another inherits its ARGs
    } else if (image.equalsIgnoreCase("scratch")) {
      Instant t = session.request.sourceDateEpoch().orElse(Instant.EPOCH);
      // BuildKit's empty image: working directory / and the default PATH
      ImageConfig empty = ImageConfig.of(session.request.platform());
      empty = empty.withConfig(empty.config().toBuilder()
          .workingDir(ImageDefaults.WORKING_DIR)
          .env(ImageDefaults.withPath(List.<String>of())).build());
      state = new ImageState(empty, List.of(),
          key("scratch " + session.request.platform() + epochKey()), t, false);
    } else {
      LocalImage li = session.image(image);
      ImageConfig config = li.config();
      if (!ImageDefaults.withPath(config.config().env()).equals(config.config().env())) {
        // BuildKit makes sure PATH is always set: an image without one gets the default
        config = config.withConfig(config.config().toBuilder()
            .env(ImageDefaults.withPath(config.config().env())).build());
      }
      Instant created = parseTime(config.created());
      Instant t = session.request.sourceDateEpoch().orElse(created);
      state = new ImageState(config, li.manifest().layers(),
          key("image " + li.manifestDescriptor().digest() + epochKey()), t, false);
    }
    if (state.config().config().onBuild() != null) {
      // the triggers (inlined into this stage by the planner) are not inherited further
      state = state.withConfig(state.config().withConfig(
          state.config().config().toBuilder().onBuild(null).build()), state.cacheKey());
    }
    session.progress.finished(step, new BuildProgress.Outcome(false, null, since(start)));
  }

  /** Layers and times depend on SOURCE_DATE_EPOCH: builds with another epoch share nothing. */
  private String epochKey() {
    return session.request.sourceDateEpoch().map(e -> " epoch=" + e.getEpochSecond()).orElse("")
        + " compression=" + session.request.compression();
  }

  private static String key(String text) {
    return Digest.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
  }

  private static Instant parseTime(String created) {
    if (created == null) {
      return Instant.EPOCH;
    }
    try {
      return java.time.OffsetDateTime.parse(created).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  // ---- the generic step -------------------------------------------------------------------

  /**
   * One step: computes its key, looks it up (unless --no-cache), runs {@code body} on a miss
   * (null body: a config-only step), records the result and its inputs, and applies
   * {@code change} and the layer (if any) to the image.
   */
  private void step(Instruction instruction, String description, StepCache.Inputs inputs,
      Body body, UnaryOperator<ImageConfig> change, boolean runsContainer)
      throws IOException, InterruptedException {
    step(instruction, description, inputs, body, change, runsContainer, null);
  }

  /**
   * What the layer of a step that does not depend on the image below it ({@code COPY --link})
   * is keyed on instead of that image: its own context (destination directory, owner), and the
   * time of the directories it creates.
   */
  private record Independent(String key, Instant time) {}

  /**
   * As above; with {@code independent}, the step's layer is looked up and stored under a key
   * of its own inputs and {@code independent.key()}, not of the image so far: an earlier step
   * that changed leaves it a hit, and the layer is placed on the new image as it is (BuildKit's
   * {@code --link}). The image's key after the step still follows the whole chain.
   */
  private void step(Instruction instruction, String description, StepCache.Inputs inputs,
      Body body, UnaryOperator<ImageConfig> change, boolean runsContainer,
      Independent independent) throws IOException, InterruptedException {
    BuildProgress.Step step = progressStep(description.replace(" # buildkit", ""));
    long start = System.nanoTime();
    session.progress.started(step);
    String historyText = history != null ? history : description;
    history = null;
    String parentKey = state.cacheKey();
    // the expanded instruction with what else shapes its result (RUN: mount specs, --network)
    String chainKey = StepCache.key(parentKey, inputs.instruction(), inputs);
    String layerParent = independent == null ? parentKey : independent.key();
    String key = independent == null ? chainKey
        : StepCache.key(layerParent, inputs.instruction(), inputs);
    String shape = StepCache.shape(layerParent, session.written(instruction.location().line()));
    Optional<StepCache.Entry> cached = session.request.noCache() ? Optional.empty()
        : session.cache.lookup(key);
    if (cached.isPresent() && cached.get().layer() != null
        && !session.blobs.contains(cached.get().layer().digest())) {
      cached = Optional.empty(); // the layer was pruned
    }
    String fromRemote = null;
    if (cached.isEmpty() && body != null && !session.request.noCache()) {
      Optional<BuildSession.RemoteHit> hit = session.remoteLookup(key);
      if (hit.isPresent()) {
        cached = Optional.of(hit.get().entry());
        fromRemote = hit.get().cache();
        session.cache.store(key, hit.get().entry());
      }
    }
    String reason;
    StepCache.Entry entry;
    if (fromRemote != null) {
      entry = cached.get();
      reason = "from cache " + fromRemote;
    } else if (cached.isPresent()) {
      entry = cached.get();
      reason = StepCache.hitReason(inputs);
    } else {
      String why = missReason(shape, layerParent, inputs);
      if (missCause == null) {
        missCause = why.equals(FIRST_BUILD) ? FIRST_BUILD
            : step.label() + (why.startsWith(NEW) ? " is new or edited" : ": " + why);
      }
      reason = why;
      Instant created = runsContainer ? session.now()
          : independent != null ? independent.time() : state.time();
      entry = body == null ? new StepCache.Entry(null, null, created.toString())
          : body.run(created);
      session.cache.store(key, entry);
    }
    session.cache.recordInputs(shape, layerParent, inputs);
    if (body != null) {
      session.stepResults.put(key, entry);
    }
    Instant created = parseTime(entry.created());
    ImageConfig next = change.apply(state.config());
    if (entry.layer() != null) {
      next = next.plusLayer(Digest.parse(entry.diffId()),
          History.layer(created.toString(), historyText));
      state = state.plusLayer(entry.layer(), next, chainKey,
          runsContainer ? created : state.time(), runsContainer);
    } else {
      next = next.plusHistory(History.emptyLayer(created.toString(), historyText));
      state = runsContainer ? state.withTime(next, chainKey, created, true)
          : state.withConfig(next, chainKey);
    }
    boolean layerStep = body != null;
    session.progress.finished(step, new BuildProgress.Outcome(layerStep && cached.isPresent(),
        layerStep ? reason : null, since(start), detail));
    detail = null;
  }

  private String missReason(String shape, String parentKey, StepCache.Inputs inputs)
      throws IOException {
    if (session.request.noCache()) {
      return "--no-cache";
    }
    if (FIRST_BUILD.equals(missCause)) {
      return FIRST_BUILD;
    }
    if (missCause != null) {
      return "an earlier step changed: " + missCause;
    }
    Optional<StepCache.Inputs> previous = session.cache.previousInputs(shape);
    if (previous.isPresent()) {
      return StepCache.difference(previous.get(), inputs);
    }
    // nothing was ever built on this parent (an empty cache, a new base image): every step
    // from here on is built for the first time, not "changed"
    return session.cache.builtOn(parentKey) ? NEW
        + " (new or edited instruction, or another base image)" : FIRST_BUILD;
  }

  private static final String FIRST_BUILD = "first build of this step";

  private static final String NEW = "no earlier build of this instruction on the same parent";

  /**
   * The build args in scope that an instruction other than RUN refers to as written
   * ({@code $NAME} or {@code ${NAME…}}): their values are already in the expanded text, and
   * naming them lets a miss say which one changed. A RUN sees every arg in scope instead (they
   * are in its environment).
   */
  private Map<String, String> argsUsed(Instruction instruction) {
    String written = session.written(instruction.location().line());
    Map<String, String> used = new TreeMap<>();
    args.withValues().forEach((name, value) -> {
      if (written.contains("$" + name) || written.contains("${" + name)) {
        used.put(name, value);
      }
    });
    return used;
  }

  // ---- config-only instructions -------------------------------------------------------------

  private void configStep(Instruction instruction) throws IOException, InterruptedException {
    String description = ConfigSteps.describe(instruction, state.config().config().shell());
    boolean setsCmd = instruction instanceof Cmd;
    boolean cmdWasSet = cmdSet;
    step(instruction, description, inputs(instruction, description), null,
        c -> ConfigSteps.apply(c, instruction, cmdWasSet), false);
    cmdSet |= setsCmd;
  }

  /**
   * What a config step is keyed on: its history text and the args it refers to; an ARG (whose
   * history shows the values it resolved to) on its declaration as written and those values, so
   * a changed build arg is reported as such.
   */
  private StepCache.Inputs inputs(Instruction instruction, String description) {
    if (instruction instanceof Arg arg) {
      Map<String, String> values = new TreeMap<>();
      arg.declarations().stream().filter(d -> d.value() != null)
          .forEach(d -> values.put(d.name(), d.value()));
      return new StepCache.Inputs(ConfigSteps.declared(arg), values, Map.of());
    }
    return new StepCache.Inputs(description, argsUsed(instruction), Map.of());
  }

  // ---- WORKDIR ------------------------------------------------------------------------------

  private void workdir(Workdir workdir) throws IOException, InterruptedException {
    String description = ConfigSteps.describe(workdir, null);
    String path = ConfigSteps.workdir(state.config().config().workingDir(), workdir.path());
    String user = state.config().config().user();
    ImageState before = state;
    step(workdir, description, new StepCache.Inputs(description, argsUsed(workdir), Map.of()),
        created -> {
          List<Path> lowers = session.lowers(before);
          try (RootView view = RootView.open(session.shim(), lowers, session.scratch)) {
            if (InRoot.isDirectory(view.root(), path)) {
              return new StepCache.Entry(null, null, created.toString());
            }
            CopyStep.Owner owner = owner(lowers, user == null || user.isEmpty() ? null : user);
            String target = InRoot.resolve(view.root(), path);
            List<LayerEntry> entries = new ArrayList<>();
            StringBuilder p = new StringBuilder();
            for (String part : target.split("/")) {
              p.append(p.length() == 0 ? "" : "/").append(part);
              Path existing = view.root().resolve(p.toString());
              if (!Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                entries.add(LayerEntry.directory(p.toString()).withMode(0755)
                    .withOwner(owner.uid(), owner.gid()).withMtime(created));
              }
            }
            return writeLayer(entries, created);
          }
        },
        c -> ConfigSteps.apply(c, workdir, cmdSet), false);
  }

  // ---- COPY and ADD -------------------------------------------------------------------------

  private void copy(Instruction instruction, String from, List<String> sources,
      List<dev.hoist.dockerfile.syntax.Heredoc> heredocs, String destination, String chown,
      String chmod, boolean parents, List<String> excludes, boolean isAdd)
      throws IOException, InterruptedException {
    String keyword = instruction.keyword();
    String where = instruction.location().file() + ":" + instruction.location().line() + ": ";
    String checksum = instruction instanceof Add add ? add.checksum() : null;
    boolean keepGitDir = instruction instanceof Add add && add.keepGitDir();
    List<String> urls = new ArrayList<>();
    List<String> gits = new ArrayList<>();
    List<String> local = new ArrayList<>();
    for (String s : sources) {
      if (isAdd && s.regionMatches(true, 0, "file://", 0, 7)) {
        throw new BuildException(where + "ADD " + UrlSource.redacted(s) + ": file:// is not a "
            + "URL hoist fetches; use a path in the build context");
      }
      (isAdd && UrlSource.isGit(s) ? gits : isAdd && UrlSource.isUrl(s) ? urls : local).add(s);
    }
    if (checksum != null) {
      if (sources.size() + heredocs.size() != 1) {
        throw new BuildException(where + "ADD --checksum can't be specified for multiple "
            + "sources");
      }
      if (urls.isEmpty() && gits.isEmpty()) {
        throw new BuildException(where + "ADD --checksum can't be specified for non-HTTP(S) "
            + "sources (" + (sources.isEmpty() ? "a heredoc" : sources.get(0)) + ")");
      }
      if (gits.isEmpty()) {
        UrlSource.parseChecksum(checksum, where);
      } else {
        GitSource.parseChecksum(checksum, where);
      }
    }
    Integer mode = chmod == null ? null : parseMode(chmod);
    // URLs are downloaded and repositories checked out first: their content (commit) is part
    // of the step's key, as in BuildKit
    Map<String, UrlSource.Download> downloads = new LinkedHashMap<>();
    Map<String, GitSource.Checkout> checkouts = new LinkedHashMap<>();
    try {
      for (String url : urls) {
        if (!downloads.containsKey(url)) {
          UrlSource.Download d = UrlSource.fetch(url, session.tempDir("url-"),
              where + "ADD ");
          downloads.put(url, d);
          if (checksum != null) {
            UrlSource.verify(d, checksum, where);
          }
        }
      }
      for (String git : gits) {
        if (!checkouts.containsKey(git)) {
          String shown = UrlSource.redacted(git);
          GitSource.Checkout c = GitSource.fetch(git, keepGitDir, session.tempDir("git-"),
              where + "ADD ", line -> session.progress.note("git " + shown + ": " + line));
          checkouts.put(git, c);
          if (checksum != null) {
            GitSource.verify(c, checksum, where);
          }
        }
      }
      copyStep(instruction, from, sources, local, downloads, checkouts, heredocs, destination,
          chown, mode, parents, excludes);
    } finally {
      for (UrlSource.Download d : downloads.values()) {
        Trees.delete(d.file().getParent());
      }
      for (GitSource.Checkout c : checkouts.values()) {
        Trees.delete(c.work());
      }
    }
  }

  private void copyStep(Instruction instruction, String from, List<String> sources,
      List<String> local, Map<String, UrlSource.Download> downloads,
      Map<String, GitSource.Checkout> checkouts,
      List<dev.hoist.dockerfile.syntax.Heredoc> heredocs, String destination, String chown,
      Integer mode, boolean parents, List<String> excludes)
      throws IOException, InterruptedException {
    String keyword = instruction.keyword();
    String description = ConfigSteps.describe(instruction, null);
    ImageState before = state;
    String workdir = before.config().config().workingDir();
    ImageState other = from == null ? null : otherImage(from);
    Map<String, String> files = new TreeMap<>();
    if (other == null) {
      files.putAll(new CopyStep(keyword, session.context, sources, heredocs, destination,
          workdir, parents, excludes, downloads, checkouts).fingerprints());
    } else {
      files.put("<" + from + ">", other.cacheKey());
    }
    // --keep-git-dir changes what a repository gives, though not the history text
    String keyed = !checkouts.isEmpty() && ((Add) instruction).keepGitDir()
        ? description + " --keep-git-dir=true" : description;
    StepCache.Inputs inputs = new StepCache.Inputs(keyed, argsUsed(instruction), files);
    boolean link = instruction instanceof Copy c ? c.link() : ((Add) instruction).link();
    // --link: a --chown name is resolved in the image below now, so the owner is in the key
    CopyStep.Owner linkOwner = !link ? null
        : chown == null ? CopyStep.Owner.ROOT : owner(session.lowers(before), chown);
    Independent independent = !link ? null
        : new Independent(key("link\n" + workdir + "\n" + linkOwner + epochKey()),
            session.request.sourceDateEpoch().orElse(Instant.EPOCH));
    step(instruction, description, inputs, created -> {
      List<Path> lowers = link ? List.of() : session.lowers(before);
      CopyStep.Owner owner = link ? linkOwner
          : chown == null ? CopyStep.Owner.ROOT : owner(lowers, chown);
      // the source of COPY --from is opened only when the step really runs
      try (RootView source = other == null ? null
          : RootView.open(session.shim(), session.lowers(other), session.scratch)) {
        SourceTree tree = source == null ? session.context : SourceTree.of(source.root());
        CopyStep copy = new CopyStep(keyword, tree, sources, heredocs, destination, workdir,
            parents, excludes, downloads, checkouts);
        boolean unpack = instruction instanceof Add add && !Boolean.FALSE.equals(add.unpack());
        Map<String, Path> archives = unpack ? archives(tree, local) : Map.of();
        try {
          if (link) {
            // --link: laid out on an empty root, so nothing of the image below shapes it
            Path empty = Files.createDirectory(session.tempDir("link-").resolve("root"));
            return writeLayer(copy.entries(empty, owner, mode, created, archives), created);
          }
          try (RootView view = RootView.open(session.shim(), lowers, session.scratch)) {
            return writeLayer(copy.entries(view.root(), owner, mode, created, archives),
                created);
          }
        } finally {
          for (Path dir : archives.values()) {
            Trees.delete(dir.getParent());
          }
        }
      }
    }, c -> c, false, independent);
  }

  /** The image of a stage (by name or index) or of an image reference. */
  private ImageState otherImage(String from) throws IOException {
    Integer index = null;
    for (var ref : stage.references()) {
      if (ref.isStage() && ref.kind() != dev.hoist.dockerfile.stages.StageReference.Kind.BASE
          && matches(from, ref.stage())) {
        index = ref.stage();
      }
    }
    if (index != null) {
      BuildSession.StageResult result = session.stages.get(index);
      if (result == null) {
        throw new IllegalStateException("stage " + from + " is not built yet");
      }
      return result.image();
    }
    LocalImage li = session.image(from);
    return new ImageState(li.config(), li.manifest().layers(),
        key("image " + li.manifestDescriptor().digest()), Instant.EPOCH, false);
  }

  private boolean matches(String from, int index) {
    BuildSession.StageResult r = session.stages.get(index);
    if (from.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(from) == index;
    }
    return r != null && session.stageNames.getOrDefault(index, "").equalsIgnoreCase(from);
  }

  /** ADD: local tar archives among the sources, each extracted into a temporary directory. */
  private Map<String, Path> archives(SourceTree tree, List<String> sources) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String source : sources) {
      for (String path : tree.expand(source)) {
        Path file = tree.path(path);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && isArchive(file)) {
          Path dir = session.tempDir("add-").resolve("root");
          Files.createDirectory(dir);
          try (InputStream in = Files.newInputStream(file)) {
            new LayerExtractor(ExtractOptions.forCurrentUser()).extract(in, dir);
          }
          out.put(path, dir);
        }
      }
    }
    return out;
  }

  private static boolean isArchive(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(512);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return true; // gzip (of a tar, as Docker assumes)
    }
    if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
      return true; // zstd
    }
    return head.length == 512 && new String(head, 257, 5,
        java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
  }

  private static int parseMode(String chmod) {
    try {
      int mode = Integer.parseInt(chmod, 8);
      if (mode < 0 || mode > 07777) {
        throw new NumberFormatException();
      }
      return mode;
    } catch (NumberFormatException e) {
      throw new BuildException("--chmod=" + chmod + ": expected an octal mode such as 0755");
    }
  }

  private static CopyStep.Owner owner(List<Path> lowers, String chown) throws IOException {
    if (chown == null) {
      return CopyStep.Owner.ROOT;
    }
    if (!chown.contains(":") && chown.chars().allMatch(Character::isDigit)) {
      long id = Long.parseLong(chown);
      return new CopyStep.Owner(id, id);
    }
    UserResolver.User u = RunStep.user(lowers, chown);
    return new CopyStep.Owner(u.uid(), u.gid());
  }

  /**
   * Writes a layer of these entries into the store, its snapshot unpacked from the tar as it is
   * written.
   */
  private StepCache.Entry writeLayer(List<LayerEntry> entries, Instant created)
      throws IOException {
    LayerResult layer = session.snapshots.unpackWhileWriting(tarCopy -> {
      try (BlobWriter blob = session.blobs.writer()) {
        LayerResult written = session.writer.write(entries, blob, tarCopy);
        blob.commit();
        return written;
      }
    });
    Descriptor d = Descriptor.of(layer.mediaType(), layer.digest(), layer.size());
    return new StepCache.Entry(d, layer.diffId().toString(), created.toString());
  }

  // ---- RUN ----------------------------------------------------------------------------------

  private void run(Run run) throws IOException, InterruptedException {
    ContainerConfig config = state.config().config();
    String description = ConfigSteps.describe(run, config.shell());
    Map<String, String> files = new TreeMap<>();
    StringBuilder extra = new StringBuilder();
    for (RunMount m : run.mounts()) {
      extra.append(" --mount=").append(m.spec());
      if (m.type().equals("bind")) {
        if (m.from() == null) {
          String src = SourceTree.clean(m.source() == null ? "" : m.source());
          if (!session.context.exists(src) && !src.isEmpty()) {
            throw new BuildException("RUN --mount=" + m.spec() + ": " + src
                + " is not in the build context");
          }
          session.context.fingerprints(src)
              .forEach((k, v) -> files.put("bind " + k, v));
        } else {
          files.put("<" + m.from() + ">", otherImage(m.from()).cacheKey());
        }
      }
    }
    if (run.network() != null) {
      RunStep.network(run.network(), session.request); // refused before any cache lookup
      extra.append(" --network=").append(run.network());
    }
    StepCache.Inputs inputs = new StepCache.Inputs(description + extra, args.withValues(),
        files);
    ImageState before = state;
    // BuildKit's created_by: RUN |N NAME=value… COMMAND, the args in scope with their values
    history = description.replaceFirst("^RUN ", "RUN "
        + java.util.regex.Matcher.quoteReplacement(
            args.historyPrefix(args.runEnvironment(config.env()))));
    step(run, description, inputs, created -> execute(run, before, created), c -> c, true);
  }

  private StepCache.Entry execute(Run run, ImageState before, Instant created)
      throws IOException, InterruptedException {
    ContainerConfig config = before.config().config();
    List<Path> lowers = new ArrayList<>(session.lowers(before));
    Path work = session.tempDir("run-");
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      if (lowers.isEmpty()) {
        lowers.add(Files.createDirectory(work.resolve("empty")));
      }
      RunStep.Command command = RunStep.command(run, config.shell());
      // the image's Env with newer ARG values over it, then the proxy build args not set yet
      List<String> env = args.runEnvironment(config.env());
      session.proxies.addTo(env);
      String user = config.user();
      UserResolver.User u = RunStep.user(lowers, user == null || user.isEmpty() ? null : user);
      if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
        env.add("HOME=" + u.home()); // as runc and BuildKit set it
      }
      // the directory's name is the container's ID, and so its cgroup's name: unique per step,
      // or concurrent RUN steps (of one build or of several) share and remove one cgroup
      Path containerDir = work.resolve("build-" + ContainerStore.newId().substring(0, 24));
      ContainerSpec.Builder spec = ContainerSpec.builder(lowers, containerDir)
          .argv(command.argv())
          .cwd(config.workingDir() == null || config.workingDir().isEmpty() ? "/"
              : config.workingDir())
          .user(u)
          .network(RunStep.network(run.network(), session.request));
      List<String> stubs = new ArrayList<>(List.of("/etc/hosts", "/etc/resolv.conf",
          "/etc/hostname", "/proc", "/sys", "/dev"));
      if (command.script() != null) {
        Path pipes = Files.createDirectory(work.resolve("pipes"));
        Path script = pipes.resolve(command.script().name());
        Files.writeString(script, command.script().content());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        spec.mount(new BindMount(pipes, "/dev/pipes", true));
      }
      RunMounts mounts = new RunMounts(session, this::otherImage, work, cleanup);
      for (RunMount m : run.mounts()) {
        stubs.addAll(mounts.add(RunMounts.atTarget(m, config.workingDir()), spec, env));
      }
      spec.env(env);
      RunStep.Result result = RunStep.execute(session.runtime(), spec.build(),
          line -> session.progress.output(progressStep(ConfigSteps.describe(run,
              config.shell()).replace(" # buildkit", "")), line));
      if (result.startError().isPresent()) {
        throw new BuildException("RUN could not start its container ("
            + stage.from().location().file() + ":" + run.location().line() + "): "
            + result.startError().get(), result.exitCode());
      }
      if (result.exitCode() != 0) {
        throw new BuildException("RUN failed with exit code " + result.exitCode() + " ("
            + stage.from().location().file() + ":" + run.location().line() + ": "
            + String.join(" ", command.argv()) + ")"
            + (result.tail().isEmpty() ? "" : "\nlast lines of its output:\n  "
                + String.join("\n  ", result.tail())), result.exitCode());
      }
      long capture = System.nanoTime();
      Path upper = containerDir.resolve("upper");
      RunStep.removeMountStubs(upper, lowers, stubs);
      List<LayerEntry> entries = OverlayDiff.entries(upper);
      if (entries.isEmpty()) {
        return new StepCache.Entry(null, null, created.toString());
      }
      LayerResult layer;
      try (BlobWriter blob = session.blobs.writer()) {
        layer = session.writer.write(entries, blob);
        blob.commit();
      }
      session.snapshots.adopt(upper, layer);
      detail = String.format(java.util.Locale.ROOT,
          "layer of %d entries, %d bytes, captured in %d ms", entries.size(), layer.size(),
          (System.nanoTime() - capture) / 1_000_000);
      return new StepCache.Entry(Descriptor.of(layer.mediaType(), layer.digest(), layer.size()),
          layer.diffId().toString(), created.toString());
    } finally {
      for (AutoCloseable c : cleanup) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort: temporary state only
        }
      }
      Trees.delete(work);
    }
  }
}
