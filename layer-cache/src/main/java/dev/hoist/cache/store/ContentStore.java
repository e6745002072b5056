package dev.hoist.cache.store;

import dev.hoist.cache.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content-addressed blob store under {@code blobs/<algorithm>/<hex>}, as in an OCI image
 * layout. Content enters only through a {@link BlobWriter}, which verifies the digest as bytes
 * arrive and commits atomically; a blob is never modified once it is visible under its digest.
 */
public final class ContentStore {
  private final Path blobs;

  public ContentStore(Path blobs) {
    this.blobs = blobs;
  }

  public ContentStore(HoistHome home) {
    this(home.blobs());
  }

  /** The directory of blobs, {@code blobs/} of the layout. */
  public Path root() {
    return blobs;
  }

  /** Where a blob is (or would be) stored. */
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }

  public boolean contains(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  /** The size of a stored blob, or empty when absent. */
  public Optional<Long> size(Digest digest) {
    try {
      return Optional.of(Files.size(path(digest)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a stored blob; a missing blob is a {@link BlobNotFoundException}. */
  public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest);
    }
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

  /** Every stored blob's digest (temporary files excluded). */
  public List<Digest> list() throws IOException {
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

  /** How many blobs the store holds, and the bytes they take. */
  public record Usage(int blobs, long bytes) {}

  /** What the store holds, from one listing. */
  public Usage usage() throws IOException {
    List<Digest> all = list();
    long total = 0;
    for (Digest digest : all) {
      total += size(digest).orElse(0L);
    }
    return new Usage(all.size(), total);
  }

  /** Re-hashes a stored blob; true when its content still matches its digest. */
  public boolean verify(Digest digest) throws IOException {
    var md = digest.newMessageDigest();
    try (InputStream in = open(digest)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return Digest.of(digest.algorithm(), md.digest()).equals(digest);
  }

  /** Removes a blob; returns false when it was not there. */
  public boolean delete(Digest digest) throws IOException {
    return Files.deleteIfExists(path(digest));
  }
}
