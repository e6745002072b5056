package dev.hoist.internal.build;

import dev.hoist.internal.cache.layer.Compression;
import dev.hoist.internal.cache.layer.ExtractOptions;
import dev.hoist.internal.cache.layer.LayerExtractor;
import dev.hoist.internal.cache.store.Trees;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The build context a {@code hoist build} argument names, as {@code docker build} reads it: a
 * directory; {@code -} (stdin: a tar, plain or compressed, or else the Dockerfile alone, with an
 * empty context); a git repository ({@code URL[#REF[:SUBDIR]]}); or an http(s) URL of a tar or
 * of a Dockerfile. What was fetched or unpacked lives in a work directory under the build cache
 * that {@link #close} deletes (or a later build, once this process is gone). Make one with
 * {@link BuildEngine#openContext}.
 */
public final class BuildContext implements AutoCloseable {
  /** The bytes after which a stream that is not a tar or a compressed stream is a Dockerfile. */
  private static final int TAR_MAGIC_END = 262;

  private final Path directory;
  private final Path work;
  private final boolean remote;
  private Path dockerfile;
  private Path stdinWork;

  private BuildContext(Path directory, Path dockerfile, Path work, boolean remote) {
    this.directory = directory;
    this.dockerfile = dockerfile;
    this.work = work;
    this.remote = remote;
  }

  /** The context directory. */
  public Path directory() {
    return directory;
  }

  /**
   * The Dockerfile the context itself brought (a Dockerfile on stdin or at a URL, or one read
   * with {@link #dockerfileFrom}), or null: the request's, by default {@code CONTEXT/Dockerfile}.
   */
  public Path dockerfile() {
    return dockerfile;
  }

  /**
   * Where {@code -f NAME} points: for a context that was unpacked or fetched, inside it (as
   * Docker reads {@code -f} of a tar or a repository); for a directory, as given.
   */
  public Path resolveDockerfile(String name) throws IOException {
    if (dockerfile != null) {
      throw new BuildException("-f " + name + ": the Dockerfile is already the build context "
          + "itself (stdin or a URL of a Dockerfile)");
    }
    return remote ? directory.resolve(InRoot.resolve(directory, SourceTree.clean(name)))
        : Path.of(name);
  }

  /** {@code -f -}: the Dockerfile is read from {@code in} (stdin), the context stays. */
  public void dockerfileFrom(InputStream in, Path workParent) throws IOException {
    if (dockerfile != null) {
      throw new BuildException("-f -: the build context already came from stdin; the "
          + "Dockerfile and the context cannot both be read from it");
    }
    Path dir = work != null ? work : WorkDirs.create(workParent);
    Path file = Files.createDirectories(dir.resolve("stdin")).resolve("Dockerfile");
    Files.copy(in, file);
    dockerfile = file;
    if (work == null) {
      // the directory stays the caller's: only the Dockerfile's copy is ours to delete
      stdinWork = dir;
    }
  }

  static BuildContext directory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new BuildException("build context " + dir + " is not a directory");
    }
    return new BuildContext(dir, null, null, false);
  }

  /**
   * A context on {@code in} ({@code docker build -}): a tar (plain, gzip or zstd) is unpacked
   * into an empty directory; anything else is the Dockerfile, with an empty context.
   */
  static BuildContext fromStream(InputStream raw, Path workParent, String what)
      throws IOException {
    WorkDirs.removeAbandoned(workParent);
    Path work = WorkDirs.create(workParent);
    try {
      return unpackOrRead(raw, work, what);
    } catch (IOException | RuntimeException e) {
      delete(work);
      throw e;
    }
  }

  /** A tar on {@code raw} unpacked under {@code work}, or else {@code raw} as the Dockerfile. */
  private static BuildContext unpackOrRead(InputStream raw, Path work, String what)
      throws IOException {
    Path context = Files.createDirectory(work.resolve("context"));
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    if (isArchive(in)) {
      new LayerExtractor(ExtractOptions.unprivileged()).extract(in, context);
      return new BuildContext(context, null, work, true);
    }
    Path file = Files.createDirectory(work.resolve("stdin")).resolve("Dockerfile");
    Files.copy(in, file);
    if (Files.size(file) == 0) {
      throw new BuildException(what + " is empty: expected a tar of the build context or a "
          + "Dockerfile");
    }
    return new BuildContext(context, file, work, true);
  }

  /** A git repository, {@code URL[#REF[:SUBDIR]]}: the checkout (or SUBDIR) is the context. */
  static BuildContext git(String url, Path workParent, Consumer<String> log)
      throws IOException, InterruptedException {
    WorkDirs.removeAbandoned(workParent);
    Path work = WorkDirs.create(workParent);
    try {
      GitSource.Checkout c = GitSource.fetch(url, false, work, "build context: ", log);
      return new BuildContext(c.root(), null, work, true);
    } catch (IOException | InterruptedException | RuntimeException e) {
      delete(work);
      throw e;
    }
  }

  /** An http(s) URL: a tar is the context; any other content is the Dockerfile. */
  static BuildContext url(String url, Path workParent) throws IOException {
    WorkDirs.removeAbandoned(workParent);
    Path work = WorkDirs.create(workParent);
    try {
      UrlSource.Download d = UrlSource.fetch(url, work, "build context: ");
      BuildContext context;
      try (InputStream in = Files.newInputStream(d.file())) {
        context = unpackOrRead(in, work, "build context " + UrlSource.redacted(url));
      }
      Files.delete(d.file());
      return context;
    } catch (IOException | RuntimeException e) {
      delete(work);
      throw e;
    }
  }

  /**
   * Whether the stream starts as Docker's build contexts do when they are archives: a gzip or
   * zstd stream, or a tar ({@code ustar} at offset 257). bzip2 and xz, which Docker also
   * accepts, are refused with a message rather than taken as a Dockerfile.
   */
  static boolean isArchive(InputStream in) throws IOException {
    in.mark(TAR_MAGIC_END);
    byte[] head = in.readNBytes(TAR_MAGIC_END);
    in.reset();
    if (Compression.detect(in) != Compression.NONE) {
      return true;
    }
    if (startsWith(head, new byte[] {'B', 'Z', 'h'})
        || startsWith(head, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
      throw new BuildException("build context: bzip2 and xz archives are not supported; "
          + "send a plain, gzip or zstd tar");
    }
    return head.length >= TAR_MAGIC_END && new String(head, 257, 5, StandardCharsets.US_ASCII)
        .equals("ustar");
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public void close() {
    delete(work);
    delete(stdinWork);
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Trees.delete(dir);
    } catch (IOException e) {
      // left for a later build's WorkDirs.removeAbandoned
    }
  }
}
