package dev.hoist.api;

import dev.hoist.cache.image.Layer;
import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Assembled layers kept between runs, so that a layer whose inputs did not change is neither
 * tarred nor compressed again (Jib's cache of application layers). Layout under the directory:
 * {@code selectors/<sha256 of the selector>} (a properties file: the layer's digest, diffID,
 * size, and the size and modification time its blob file had when written) and
 * {@code blobs/sha256/<hex>} (the compressed layer), beside it {@code <hex>.repositories} (the
 * registry repositories it was pushed to, one {@code registry repository} a line, so that a push
 * of it to another repository of that registry mounts it instead of uploading it). The selector is the hash of every entry's
 * selector line ({@link AssemblyEntries}) and of the writer's settings.
 *
 * <p>An entry is used when its properties read back whole and its blob file has the recorded
 * size and modification time; otherwise the layer is written again and the entry replaced (a
 * truncated, rewritten or missing blob, a half-written properties file). A blob whose bytes
 * were changed in place with its time kept is caught when it is read: the stream checks the
 * digest before giving its last bytes, and the entry is removed.
 */
final class AssemblyLayerCache {
  private final Path selectors;
  private final Path blobs;
  private final AtomicInteger built = new AtomicInteger();
  private final AtomicInteger reused = new AtomicInteger();

  AssemblyLayerCache(Path directory) throws IOException {
    this.selectors = directory.resolve("selectors");
    this.blobs = directory.resolve("blobs").resolve("sha256");
    Files.createDirectories(selectors);
    Files.createDirectories(blobs);
  }

  int built() {
    return built.get();
  }

  int reused() {
    return reused.get();
  }

  /** The layer of {@code entries}, from the cache or written now with {@code writer}. */
  CachedLayer layer(List<AssemblyEntries.Expanded> entries, LayerWriter writer, String settings)
      throws IOException {
    Digest selector = selector(entries, settings);
    Path record = selectors.resolve(selector.hex());
    Optional<CachedLayer> hit = read(record);
    if (hit.isPresent()) {
      reused.incrementAndGet();
      return hit.get();
    }
    CachedLayer made = write(entries.stream().map(AssemblyEntries.Expanded::entry).toList(),
        writer, record);
    built.incrementAndGet();
    return made;
  }

  private static Digest selector(List<AssemblyEntries.Expanded> entries, String settings) {
    MessageDigest sha = Digest.newMessageDigest("sha256");
    sha.update(settings.getBytes(StandardCharsets.UTF_8));
    for (AssemblyEntries.Expanded e : entries) {
      sha.update((byte) '\n');
      sha.update(e.selectorLine().getBytes(StandardCharsets.UTF_8));
    }
    return Digest.of("sha256", sha.digest());
  }

  private Optional<CachedLayer> read(Path record) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
      p.load(in);
      Digest digest = Digest.parse(p.getProperty("digest"));
      Digest diffId = Digest.parse(p.getProperty("diffId"));
      long size = Long.parseLong(p.getProperty("size"));
      long modified = Long.parseLong(p.getProperty("blobModified"));
      Path blob = blobs.resolve(digest.hex());
      if (Files.size(blob) != size || modifiedNanos(blob) != modified) {
        return Optional.empty();
      }
      return Optional.of(new CachedLayer(digest, diffId, size, blob, record));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private CachedLayer write(List<LayerEntry> entries, LayerWriter writer, Path record)
      throws IOException {
    Path temp = blobs.resolve(".tmp-" + UUID.randomUUID());
    LayerResult result;
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        result = writer.write(entries, out);
      }
      Path blob = blobs.resolve(result.digest().hex());
      if (Files.isRegularFile(blob) && Files.size(blob) == result.size()) {
        Files.delete(temp);
      } else {
        Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      Properties p = new Properties();
      p.setProperty("digest", result.digest().toString());
      p.setProperty("diffId", result.diffId().toString());
      p.setProperty("size", Long.toString(result.size()));
      p.setProperty("blobModified", Long.toString(modifiedNanos(blob)));
      Path recordTemp = selectors.resolve(".tmp-" + UUID.randomUUID());
      try (Writer w = Files.newBufferedWriter(recordTemp, StandardCharsets.UTF_8)) {
        p.store(w, null);
      }
      Files.move(recordTemp, record, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return new CachedLayer(result.digest(), result.diffId(), result.size(), blob, record);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static long modifiedNanos(Path file) throws IOException {
    java.time.Instant t = Files.getLastModifiedTime(file).toInstant();
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** A layer of the cache: its blob file, verified against its digest as it is read whole. */
  static final class CachedLayer {
    final Digest digest;
    final Digest diffId;
    final long size;
    final Path blob;
    final Path record;

    CachedLayer(Digest digest, Digest diffId, long size, Path blob, Path record) {
      this.digest = digest;
      this.diffId = diffId;
      this.size = size;
      this.blob = blob;
      this.record = record;
    }

    /** Notes that {@code repository} of {@code registry} holds this layer now. */
    void pushedTo(String registry, String repository) throws IOException {
      String line = registry + " " + repository;
      if (!repositories().contains(line)) {
        Files.writeString(repositoriesFile(), line + "\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
    }

    private List<String> repositories() throws IOException {
      Path file = repositoriesFile();
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private Path repositoriesFile() {
      return blob.resolveSibling(blob.getFileName() + ".repositories");
    }

    /** This layer as an image layer of {@code mediaType}. */
    Layer as(String mediaType) {
      Descriptor descriptor = Descriptor.of(mediaType, digest, size);
      return new Layer() {
        @Override
        public Descriptor descriptor() {
          return descriptor;
        }

        @Override
        public Digest diffId() {
          return diffId;
        }

        @Override
        public InputStream open(long offset) throws IOException {
          InputStream in = Files.newInputStream(blob);
          if (offset > 0) {
            in.skipNBytes(offset);
            return in;
          }
          return new VerifyingStream(in, CachedLayer.this);
        }

        @Override
        public List<String> repositoriesOn(String registry) throws IOException {
          String prefix = registry + " ";
          List<String> found = new java.util.ArrayList<>();
          List<String> lines = repositories();
          for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
              found.add(lines.get(i).substring(prefix.length()));
            }
          }
          return found;
        }
      };
    }
  }

  /** Gives a cached blob's bytes, checking its digest before the last ones are given. */
  private static final class VerifyingStream extends java.io.FilterInputStream {
    private final CachedLayer layer;
    private final MessageDigest sha = Digest.newMessageDigest("sha256");
    private long count;

    VerifyingStream(InputStream in, CachedLayer layer) {
      super(in);
      this.layer = layer;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        sha.update(b, off, n);
        count += n;
        if (count > layer.size) {
          fail();
        }
        if (count == layer.size && !Digest.of("sha256", sha.digest()).equals(layer.digest)) {
          fail();
        }
      } else if (n < 0 && count != layer.size) {
        fail();
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[8192];
      long done = 0;
      while (done < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
        if (r < 0) {
          break;
        }
        done += r;
      }
      return done;
    }

    private void fail() throws IOException {
      Files.deleteIfExists(layer.record);
      Files.deleteIfExists(layer.blob);
      throw new AssemblyException("the layer cache's blob " + layer.blob + " does not hold "
          + layer.digest + " (changed on disk); it was removed: assemble again");
    }
  }
}
