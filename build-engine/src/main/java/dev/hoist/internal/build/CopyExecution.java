package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.LayerExtractor;
import dev.hoist.internal.cache.store.Trees;
import dev.hoist.internal.runtime.RootView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link PlannedStep.CopyFiles}: its URLs downloaded and git repositories checked
 * out first (their content and commit are part of its cache inputs, as in BuildKit), then, on a
 * miss, its sources laid out on the image below (or, {@code --link}, on an empty root) as a
 * layer. Closing it removes what was fetched.
 */
final class CopyExecution implements AutoCloseable {
  private final BuildSession session;
  private final PlannedStep.CopyFiles step;
  private final StageImages images;
  private final Map<String, UrlSource.Download> downloads = new LinkedHashMap<>();
  private final Map<String, GitSource.Checkout> checkouts = new LinkedHashMap<>();

  private CopyExecution(BuildSession session, PlannedStep.CopyFiles step, StageImages images) {
    this.session = session;
    this.step = step;
    this.images = images;
  }

  /** The step with its URLs and git repositories fetched (and checked against --checksum). */
  static CopyExecution fetch(BuildSession session, PlannedStep.CopyFiles step,
      StageImages images) throws IOException, InterruptedException {
    CopyExecution copy = new CopyExecution(session, step, images);
    try {
      copy.fetchSources();
      return copy;
    } catch (IOException | InterruptedException | RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  private void fetchSources() throws IOException, InterruptedException {
    String where = step.instruction().location().file() + ":"
        + step.instruction().location().line() + ": ";
    for (String url : step.urls()) {
      if (!downloads.containsKey(url)) {
        UrlSource.Download d = UrlSource.fetch(url, session.tempDir("url-"), where + "ADD ");
        downloads.put(url, d);
        if (step.checksum() != null) {
          UrlSource.verify(d, step.checksum(), where);
        }
      }
    }
    for (String git : step.gits()) {
      if (!checkouts.containsKey(git)) {
        String shown = UrlSource.redacted(git);
        GitSource.Checkout c = GitSource.fetch(git, step.keepGitDir(), session.tempDir("git-"),
            where + "ADD ", line -> session.progress.note("git " + shown + ": " + line));
        checkouts.put(git, c);
        if (step.checksum() != null) {
          GitSource.verify(c, step.checksum(), where);
        }
      }
    }
  }

  /** What the step reads besides the image below: its sources, by content. */
  CacheInputs inputs(String description, ImageState before) throws IOException {
    CopyStep copy = copyStep(session.context, before);
    Map<String, String> files = step.from() == null ? copy.fingerprints() : Map.of();
    Map<String, String> other = step.from() == null ? Map.of()
        : Map.of(step.from(), images.key(step.from()));
    // --keep-git-dir changes what a repository gives, though not the history text
    List<String> options = !checkouts.isEmpty() && step.keepGitDir()
        ? List.of("--keep-git-dir=true") : List.of();
    return new CacheInputs(description, step.keyArgs(), files, copy.urlDigests(),
        copy.gitCommits(), null, other, options, null);
  }

  /**
   * For {@code --link}: what the layer is keyed on instead of the image below (destination
   * directory, owner, build settings), and the time of the directories it creates; else null.
   * A {@code --chown} name is resolved in the image below now, so the owner is in the key.
   */
  CachedStep.Independent independent(ImageState before) throws IOException {
    if (!step.link()) {
      return null;
    }
    String workdir = before.config().config().workingDir();
    CopyStep.Owner owner = linkOwner(before);
    String text = "hoist-link-v1\n" + workdir + "\n" + owner + "\n" + session.layerSettings();
    return new CachedStep.Independent(
        dev.hoist.cache.model.Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex(),
        session.request.sourceDateEpoch().orElse(Instant.EPOCH));
  }

  private CopyStep.Owner linkOwner(ImageState before) throws IOException {
    return step.chown() == null ? CopyStep.Owner.ROOT
        : LayerOutput.owner(session.lowers(before), step.chown());
  }

  /** The step's layer (on a miss). */
  CachedStep.Produced run(ImageState before, Instant created) throws IOException {
    List<Path> lowers = step.link() ? List.of() : session.lowers(before);
    CopyStep.Owner owner = step.link() ? linkOwner(before)
        : LayerOutput.owner(lowers, step.chown());
    // the source of COPY --from is opened only when the step really runs
    try (RootView source = step.from() == null ? null
        : RootView.open(session.shim(), session.lowers(images.apply(step.from())),
            session.scratch)) {
      SourceTree tree = source == null ? session.context : SourceTree.of(source.root());
      CopyStep copy = copyStep(tree, before);
      Map<String, Path> archives = step.unpack() ? archives(tree) : Map.of();
      try {
        if (step.link()) {
          // --link: laid out on an empty root, so nothing of the image below shapes it
          Path empty = Files.createDirectory(session.tempDir("link-").resolve("root"));
          return LayerOutput.write(session,
              copy.entries(empty, owner, step.mode(), created, archives), created);
        }
        try (RootView view = RootView.open(session.shim(), lowers, session.scratch)) {
          return LayerOutput.write(session,
              copy.entries(view.root(), owner, step.mode(), created, archives), created);
        }
      } finally {
        for (Path dir : archives.values()) {
          Trees.delete(dir.getParent());
        }
      }
    }
  }

  private CopyStep copyStep(SourceTree tree, ImageState before) {
    return new CopyStep(step.instruction().keyword(), tree, step.sources(), step.heredocs(),
        step.destination(), before.config().config().workingDir(), step.parents(),
        step.excludes(), downloads, checkouts);
  }

  /** ADD: local tar archives among the sources, each extracted into a temporary directory. */
  private Map<String, Path> archives(SourceTree tree) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String source : step.local()) {
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
    return head.length == 512 && new String(head, 257, 5, StandardCharsets.US_ASCII)
        .equals("ustar");
  }

  @Override
  public void close() throws IOException {
    for (UrlSource.Download d : downloads.values()) {
      Trees.delete(d.file().getParent());
    }
    for (GitSource.Checkout c : checkouts.values()) {
      Trees.delete(c.work());
    }
  }
}
