package dev.hoist.internal.cache.store;

import dev.hoist.cache.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The content-addressed blob store under {@code blobs/<algorithm>/<hex>}, as in an OCI image
 * layout. Content enters only through a {@link BlobWriter}, which verifies the digest as bytes
 * arrive and commits atomically; a blob is never modified once it is visible under its digest.
 *
 * <p>A blob is held either as a file or, for the layers hoist built, as a {@link BlobRecipes
 * recipe} that makes it again from the layer's snapshot (the snapshot alone is kept, as
 * buildah keeps only unpacked layers). Every method here answers for both forms alike: {@link
 * #contains}, {@link #size} and {@link #open} do not tell a reader which one it got.
 */
public final class ContentStore {
  private final Path blobs;
  private final BlobRecipes recipes;

  /** A store of files only, in {@code blobs}. */
  public ContentStore(Path blobs) {
    this(blobs, BlobRecipes.NONE);
  }

  public ContentStore(Path blobs, BlobRecipes recipes) {
    this.blobs = blobs;
    this.recipes = recipes;
  }

  /** The home's store: its blob files and its layers kept as recipes. */
  public ContentStore(HoistHome home) {
    this(home.blobs(), new dev.hoist.internal.cache.snapshot.LayerRecipes(home));
  }

  /** The recipes this store consults for the blobs it does not hold as files. */
  public BlobRecipes recipes() {
    return recipes;
  }

  /** The directory of blobs, {@code blobs/} of the layout. */
  public Path root() {
    return blobs;
  }

  /** Where a blob is (or would be) stored. */
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }

  /** Whether the store holds the blob, as a file or as a recipe. */
  public boolean contains(Digest digest) {
    return size(digest).isPresent();
  }

  /** The size of a stored blob (its own, also when kept as a recipe), or empty when absent. */
  public Optional<Long> size(Digest digest) {
    try {
      return Optional.of(Files.size(path(digest)));
    } catch (NoSuchFileException e) {
      try {
        return recipes.size(digest);
      } catch (IOException unreadable) {
        throw new UncheckedIOException(unreadable);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes a blob takes on disk: the file's, or its recipe's; 0 when absent. */
  public long storedBytes(Digest digest) throws IOException {
    try {
      return Files.size(path(digest));
    } catch (NoSuchFileException e) {
      return recipes.storedBytes(digest);
    }
  }

  /**
   * Opens a stored blob; a missing blob is a {@link BlobNotFoundException}. A blob kept as a
   * recipe is made again as it is read, and ends in a {@link BlobRegenerationException} instead
   * of its last byte when it cannot be made byte for byte.
   */
  public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      return recipes.open(digest); // a recipe is written before its blob file is removed
    }
  }

  /** Opens a stored blob at {@code offset} bytes from its start (a resumed upload). */
  public InputStream open(Digest digest, long offset) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(path(digest), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      InputStream made = recipes.open(digest);
      try {
        made.skipNBytes(offset);
      } catch (IOException | RuntimeException skipFailed) {
        made.close();
        throw skipFailed;
      }
      return made;
    }
    channel.position(offset);
    return Channels.newInputStream(channel);
  }

  public byte[] read(Digest digest) throws IOException {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    }
  }

  /**
   * A writer for new content. With {@code expected} set, the bytes must hash to it (and have
   * {@code expectedSize} bytes, when that is not negative) or the commit fails and nothing is
   * stored.
   */
  public BlobWriter writer(Digest expected, long expectedSize) throws IOException {
    String algorithm = expected != null ? expected.algorithm() : "sha256";
    Path dir = blobs.resolve(algorithm);
    Files.createDirectories(dir);
    return new BlobWriter(this, dir, algorithm, expected, expectedSize);
  }

  /** A writer for content whose digest is not known in advance (sha256). */
  public BlobWriter writer() throws IOException {
    return writer(null, -1);
  }

  /** Stores bytes and returns their sha256 digest. */
  public Digest put(byte[] content) throws IOException {
    Digest digest = Digest.sha256(content);
    if (contains(digest)) {
      return digest; // content-addressed: the stored blob is these bytes
    }
    return put(new ByteArrayInputStream(content), digest, content.length);
  }

  /** Streams content into the store, verified against {@code expected} when given. */
  public Digest put(InputStream content, Digest expected, long expectedSize) throws IOException {
    try (BlobWriter writer = writer(expected, expectedSize)) {
      content.transferTo(writer);
      return writer.commit();
    }
  }

  /** Every stored blob's digest, files and recipes (temporary files excluded). */
  public List<Digest> list() throws IOException {
    TreeSet<Digest> all = new TreeSet<>(files());
    all.addAll(recipes.list());
    return new ArrayList<>(all);
  }

  /** The digests of the blobs held as files. */
  private List<Digest> files() throws IOException {
    List<Digest> digests = new ArrayList<>();
    if (!Files.isDirectory(blobs)) {
      return digests;
    }
    try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
      for (Path algorithmDir : algorithms) {
        if (!Files.isDirectory(algorithmDir)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithmDir)) {
          for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith(AtomicFiles.TEMP_PREFIX)) {
              continue;
            }
            try {
              digests.add(Digest.of(algorithmDir.getFileName().toString(), name));
            } catch (IllegalArgumentException notABlob) {
              // a stray file, not hoist's: leave it alone
            }
          }
        }
      }
    }
    digests.sort(null);
    return digests;
  }

  /**
   * How many blobs the store holds and the bytes they take on disk; of them, how many are kept
   * as recipes and the bytes those blobs would take as files.
   */
  public record Usage(int blobs, long bytes, int recipes, long recipeBlobBytes) {}

  /** What the store holds, from one listing. */
  public Usage usage() throws IOException {
    List<Digest> all = list();
    long total = 0;
    int made = 0;
    long madeBytes = 0;
    for (Digest digest : all) {
      total += storedBytes(digest);
      if (!Files.isRegularFile(path(digest))) {
        made++;
        madeBytes += size(digest).orElse(0L);
      }
    }
    return new Usage(all.size(), total, made, madeBytes);
  }

  /**
   * Re-hashes a stored blob (a recipe's, as it is made again); true when its content still
   * matches its digest.
   */
  public boolean verify(Digest digest) throws IOException {
    var md = digest.newMessageDigest();
    try (InputStream in = open(digest)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    } catch (BlobRegenerationException notTheSameBytes) {
      return false;
    }
    return Digest.of(digest.algorithm(), md.digest()).equals(digest);
  }

  /** Removes a blob, file and recipe; returns false when it was not there. */
  public boolean delete(Digest digest) throws IOException {
    boolean file = Files.deleteIfExists(path(digest));
    return recipes.delete(digest) || file;
  }
}
