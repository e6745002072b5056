package dev.hoist.internal.cache.layer;

import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.BlobWriter;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Writes deterministic OCI layers: the same input always gives byte-identical output.
 *
 * <pre>{@code
 * LayerWriter writer = LayerWriter.builder()
 *     .compression(Compression.GZIP)          // GZIP (default), ZSTD or NONE
 *     .clampMtime(Instant.parse("2024-01-01T00:00:00Z"))
 *     .build();
 * LayerResult r = writer.write(rootDirectory, blobOutputStream);   // or write(List<LayerEntry>, …)
 * }</pre>
 *
 * <p><b>Tar.</b> USTAR headers with PAX extended headers where needed (see
 * {@link PaxTarWriter}): long or non-ASCII names and link targets, sizes ≥ 8 GiB, large ids,
 * xattrs as {@code SCHILY.xattr.<name>}. Numeric uid/gid only (user/group names empty); mode
 * bits {@code 07777} (setuid, setgid, sticky kept); mtime in whole seconds, never later than
 * the clamp; no atime/ctime. Names are relative ({@code etc/passwd}, directories with a
 * trailing slash, no {@code ./} prefix, the root itself is not an entry). Entries are sorted by
 * path compared component by component in UTF-8 byte order (as GNU tar {@code --sort=name}), so
 * parents come before their children. The archive ends with two zero blocks, no padding.
 *
 * <p><b>Directory walk</b> ({@link #scan}): symlinks are stored, never followed; regular files
 * with more than one link are tracked by (device, inode), the first in sorted order is written
 * as a file and later ones as hard links to it; char/block devices (major/minor from
 * {@code unix:rdev}) and FIFOs are written; sockets are skipped. {@code user.*} xattrs of
 * files and directories are read through {@link UserDefinedFileAttributeView} when the file
 * system supports them (Java's view on Linux only reaches the {@code user.} namespace, so
 * {@code security.capability} is not read from disk; give it as an explicit
 * {@link LayerEntry#withXattr} when needed). Owner, mode and times come from the {@code unix:}
 * attribute view.
 *
 * <p><b>Clamp.</b> The instant given to {@link Builder#clampMtime}; otherwise no clamp. The
 * writer reads no environment: a program reads {@code SOURCE_DATE_EPOCH} once
 * ({@link #sourceDateEpoch}) and passes the instant down.
 *
 * <p><b>Output.</b> One pass: the tar is hashed (diffID) as it is produced, compressed, and the
 * compressed bytes hashed (digest) and counted as they go to the caller's stream, which is
 * flushed but not closed. GZIP uses {@link ParallelGzipOutputStream} (level 6 by default; with
 * {@code threads(1)} a plain single-threaded gzip; with more threads the multi-threaded format,
 * whose bytes do not depend on the thread count). ZSTD uses zstd-jni, single-threaded, level 3
 * by default. A writer is immutable and may be shared between threads.
 */
public final class LayerWriter {
  /** Orders layer paths component by component, in UTF-8 byte order: parents first. */
  public static final Comparator<String> PATH_ORDER = LayerWriter::comparePaths;

  private static final String SCAN_ATTRIBUTES =
      "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime";

  private final Compression compression;
  private final int level;
  private final int threads;
  private final int blockSize;
  private final long parallelThreshold;
  private final Instant clamp;
  private final boolean readXattrs;

  private LayerWriter(Builder b) {
    this.compression = b.compression;
    this.level = b.level;
    this.threads = b.threads;
    this.blockSize = b.blockSize;
    this.parallelThreshold = b.parallelThreshold;
    this.clamp = b.clamp;
    this.readXattrs = b.readXattrs;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The instant {@code SOURCE_DATE_EPOCH} names in this environment, if set and valid. */
  public static Optional<Instant> sourceDateEpoch(Map<String, String> environment) {
    String value = environment.get("SOURCE_DATE_EPOCH");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SOURCE_DATE_EPOCH is not a number of seconds: \""
          + value + "\"", e);
    }
  }

  /** The clamp this writer applies, if any. */
  public Optional<Instant> clamp() {
    return Optional.ofNullable(clamp);
  }

  public Compression compression() {
    return compression;
  }

  /**
   * Everything of this writer that decides a layer's bytes, given its entries: a layer written
   * by {@code settings().writer()} from the same entries is byte for byte this one (what a layer
   * kept only as its snapshot is made again with, {@code LayerRecipes}).
   */
  public Settings settings() {
    return new Settings(compression, level, threads > 1, blockSize, parallelThreshold, clamp);
  }

  /**
   * The parameters that decide a layer's bytes: the compression and its level (-1 for the
   * default), whether gzip runs in its multi-threaded format ({@code parallel}; its bytes do
   * not depend on the thread count, but differ from single-threaded gzip's), the parallel
   * format's block size and threshold, and the mtime clamp (null: none).
   */
  public record Settings(Compression compression, int level, boolean parallel, int blockSize,
      long parallelThreshold, Instant clamp) {
    /** A writer with these settings (the parallel format on at least two threads). */
    public LayerWriter writer() {
      return builder().compression(compression).level(level)
          .threads(parallel ? Math.max(2, Runtime.getRuntime().availableProcessors()) : 1)
          .blockSize(blockSize).parallelThreshold(parallelThreshold).clampMtime(clamp).build();
    }

    /** The same layer uncompressed: its tar, whose sha256 is the diffID. */
    public LayerWriter tarWriter() {
      return builder().compression(Compression.NONE).clampMtime(clamp).build();
    }
  }

  /** Writes the layer of everything under {@code directory} (not the directory itself). */
  public LayerResult write(Path directory, OutputStream out) throws IOException {
    return write(scan(directory, readXattrs), out);
  }

  /**
   * Writes a layer of these entries, sorted (the list's order does not matter). Fails with an
   * IllegalArgumentException on a duplicate path, a path with {@code ..}, or a hard link whose
   * target is not an earlier (in sorted order) non-directory entry.
   */
  public LayerResult write(List<LayerEntry> entries, OutputStream out) throws IOException {
    return write(entries, out, null);
  }

  /**
   * As {@link #write(List, OutputStream)}, also copying the uncompressed tar, as it is made, to
   * {@code tarCopy} (when not null; it is not closed): what a snapshot is unpacked from while
   * the layer is written ({@code SnapshotStore.unpackWhileWriting}).
   */
  public LayerResult write(List<LayerEntry> entries, OutputStream out, OutputStream tarCopy)
      throws IOException {
    List<Named> named = prepare(entries);
    return produce(out, tarCopy, true, tarStream -> {
      PaxTarWriter tar = new PaxTarWriter(tarStream);
      for (Named n : named) {
        writeEntry(tar, n);
      }
      tar.finish();
    });
  }

  /**
   * Compresses a tar that already exists (such as the filesystem tarball of {@code hoist
   * import}) into a layer, computing its diffID and digest in the same pass. Without a clamp
   * the tar is taken as it is; with one ({@link #clamp}) each entry is rewritten, in the same
   * order and otherwise unchanged, with its mtime clamped, as {@link #write} clamps.
   */
  public LayerResult compress(InputStream tar, OutputStream out) throws IOException {
    if (clamp == null) {
      return produce(out, null, false, tarStream -> tar.transferTo(tarStream));
    }
    return produce(out, null, false, tarStream -> copyClamped(tar, tarStream));
  }

  private void copyClamped(InputStream in, OutputStream out) throws IOException {
    TarArchiveInputStream entries = new RawNameTarInputStream(in);
    PaxTarWriter tar = new PaxTarWriter(out);
    TarArchiveEntry e;
    while ((e = entries.getNextEntry()) != null) {
      char type = (char) e.getLinkFlag();
      if (type == '\0' || type == '7' || e.isSparse()) {
        // old-style and contiguous files are plain files; so are GNU sparse ones (old GNU 'S',
        // PAX 0.x and 1.0), read with their holes as zeros, as the layer extractor reads them
        type = LayerEntry.Type.FILE.typeFlag;
      }
      long mtime = Math.min(Math.floorDiv(e.getModTime().getTime(), 1000L),
          clamp.getEpochSecond());
      Map<String, byte[]> xattrs = new TreeMap<>();
      Xattrs.fromPax(e.getExtraPaxHeaders())
          .forEach((name, value) -> xattrs.put(name, value.getBytes(StandardCharsets.UTF_8)));
      boolean file = type == LayerEntry.Type.FILE.typeFlag;
      String link = e.isLink() || e.isSymbolicLink() ? e.getLinkName() : null;
      tar.write(e.getName(), type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
          mtime, file ? (e.isSparse() ? e.getRealSize() : e.getSize()) : 0, link, xattrs,
          e.getDevMajor(), e.getDevMinor(),
          file ? entries : null);
    }
    tar.finish();
  }

  /** Something that writes an uncompressed tar to the stream it is given. */
  @FunctionalInterface
  private interface TarBody {
    void writeTo(OutputStream tar) throws IOException;
  }

  /**
   * The one pass every layer goes through: the tar the body writes is hashed (diffID),
   * compressed, and the compressed bytes hashed (digest) and counted on their way to {@code out}.
   * {@code made}: the tar is this writer's own (from entries), so the result carries the
   * {@link #settings} that make it again; a tar taken from elsewhere ({@link #compress}) is not.
   */
  private LayerResult produce(OutputStream out, OutputStream tarCopy, boolean made, TarBody body)
      throws IOException {
    // a blob writer hashes what it is given anyway: its digest is read, not computed twice
    BlobWriter store = compression != Compression.NONE && out instanceof BlobWriter w
        && w.size() == 0 ? w : null;
    DigestingOutputStream blob = store != null ? null
        : new DigestingOutputStream(new KeepOpen(out), Digest.newMessageDigest("sha256"));
    OutputStream compressed = blob != null ? blob : new KeepOpen(store);
    OutputStream compressor;
    DigestingOutputStream tarSink;
    switch (compression) {
      case NONE -> {
        compressor = blob;
        tarSink = blob;
      }
      case GZIP -> {
        compressor = new ParallelGzipOutputStream(compressed, level < 0 ? 6 : level, threads,
            blockSize, parallelThreshold);
        tarSink = new DigestingOutputStream(compressor, Digest.newMessageDigest("sha256"));
      }
      case ZSTD -> {
        compressor = Compression.zstd(compressed, level < 0 ? 3 : level);
        tarSink = new DigestingOutputStream(compressor, Digest.newMessageDigest("sha256"));
      }
      default -> throw new IllegalStateException();
    }
    boolean done = false;
    try {
      OutputStream buffered = new BufferedOutputStream(
          tarCopy == null ? tarSink : new Tee(tarSink, tarCopy), 1 << 16);
      body.writeTo(buffered);
      buffered.flush();
      compressor.close(); // finishes compression; KeepOpen flushes the caller's stream only
      done = true;
    } finally {
      if (!done && compressor instanceof ParallelGzipOutputStream p) {
        p.abort();
      }
    }
    Digest digest = store != null ? store.digestSoFar() : Digest.of("sha256", blob.sum());
    Digest diffId = tarSink == blob ? digest : Digest.of("sha256", tarSink.sum());
    return new LayerResult(digest, diffId, store != null ? store.size() : blob.count(),
        tarSink.count(), compression.ociMediaType(), made ? settings() : null);
  }

  private void writeEntry(PaxTarWriter tar, Named n) throws IOException {
    LayerEntry e = n.entry;
    long mtime = e.mtime().getEpochSecond();
    if (clamp != null && mtime > clamp.getEpochSecond()) {
      mtime = clamp.getEpochSecond();
    }
    String link = switch (e.type()) {
      case SYMLINK -> e.linkTarget();
      case HARDLINK -> n.linkPath;
      default -> null;
    };
    if (e.type() == LayerEntry.Type.FILE && e.size() > 0) {
      try (InputStream in = e.content() != null
          ? e.content().open()
          : Files.newInputStream(e.source(), LinkOption.NOFOLLOW_LINKS)) {
        tar.write(n.name, e.type().typeFlag, e.mode(), e.uid(), e.gid(), mtime, e.size(), null,
            e.xattrs(), 0, 0, in);
      }
    } else {
      tar.write(n.name, e.type().typeFlag, e.mode(), e.uid(), e.gid(), mtime, 0, link,
          e.xattrs(), e.devMajor(), e.devMinor(), null);
    }
  }

  // ---- ordering and names ---------------------------------------------------------------------

  private record Named(String key, String name, String linkPath, LayerEntry entry) {}

  private static List<Named> prepare(List<LayerEntry> entries) {
    List<Named> named = new ArrayList<>(entries.size());
    for (LayerEntry e : entries) {
      String p = normalize(e.path(), e.type() == LayerEntry.Type.OPAQUE_WHITEOUT);
      String key = switch (e.type()) {
        case WHITEOUT -> {
          int slash = p.lastIndexOf('/');
          yield p.substring(0, slash + 1) + ".wh." + p.substring(slash + 1);
        }
        case OPAQUE_WHITEOUT -> p.isEmpty() ? ".wh..wh..opq" : p + "/.wh..wh..opq";
        default -> p;
      };
      String name = e.type() == LayerEntry.Type.DIRECTORY ? key + "/" : key;
      String linkPath = e.type() == LayerEntry.Type.HARDLINK
          ? normalize(e.linkTarget(), false) : null;
      named.add(new Named(key, name, linkPath, e));
    }
    named.sort(Comparator.comparing(Named::key, PATH_ORDER));
    Set<String> linkable = new HashSet<>();
    for (int i = 0; i < named.size(); i++) {
      Named n = named.get(i);
      if (i > 0 && named.get(i - 1).key.equals(n.key)) {
        throw new IllegalArgumentException("two entries for the path \"" + n.key + "\"");
      }
      if (n.linkPath != null && !linkable.contains(n.linkPath)) {
        throw new IllegalArgumentException("hard link \"" + n.key + "\" -> \"" + n.linkPath
            + "\": the target must be an entry (not a directory) that sorts before the link");
      }
      if (n.entry.type() != LayerEntry.Type.DIRECTORY) {
        linkable.add(n.key);
      }
    }
    return named;
  }

  private static String normalize(String path, boolean emptyAllowed) {
    StringBuilder sb = new StringBuilder(path.length());
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IllegalArgumentException("layer path \"" + path + "\" contains \"..\"");
      }
      if (part.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("layer path \"" + path + "\" contains NUL");
      }
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    if (sb.length() == 0 && !emptyAllowed) {
      throw new IllegalArgumentException("empty layer path \"" + path + "\"");
    }
    return sb.toString();
  }

  static int comparePaths(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        if (isEscapedByte(ca) || isEscapedByte(cb)) {
          return compareBytes(RawNames.encode(a), RawNames.encode(b)); // names not UTF-8
        }
        if (ca == '/') {
          return -1;
        }
        if (cb == '/') {
          return 1;
        }
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** A lone surrogate: a byte of a name that is not UTF-8 ({@link RawNames}). */
  private static boolean isEscapedByte(int codePoint) {
    return codePoint >= 0xDC80 && codePoint <= 0xDCFF;
  }

  /** {@link #comparePaths} on the names' bytes. */
  private static int compareBytes(byte[] a, byte[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int ca = a[i] & 0xff;
      int cb = b[i] & 0xff;
      if (ca != cb) {
        return ca == '/' ? -1 : cb == '/' ? 1 : Integer.compare(ca, cb);
      }
    }
    return Integer.compare(a.length, b.length);
  }

  // ---- directory walk -------------------------------------------------------------------------

  /**
   * The entries of everything under {@code root}, in layer order, as {@link #write(Path,
   * OutputStream)} writes them (file contents are read later, at write time).
   */
  public static List<LayerEntry> scan(Path root, boolean readXattrs) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(root + " is not a directory");
    }
    List<LayerEntry> out = new ArrayList<>();
    scanDirectory(root, "", readXattrs, new HashMap<>(), out);
    return out;
  }

  private record Inode(long dev, long ino) {}

  private static void scanDirectory(Path dir, String rel, boolean readXattrs,
      Map<Inode, String> links, List<LayerEntry> out) throws IOException {
    // the listed paths keep the names' bytes; their Strings are exact ones (RawNames)
    Map<String, Path> children = new TreeMap<>(PATH_ORDER);
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
      for (Path child : listing) {
        children.put(RawNames.name(child.getFileName()), child);
      }
    }
    for (Map.Entry<String, Path> child : children.entrySet()) {
      String name = child.getKey();
      Path p = child.getValue();
      String path = rel.isEmpty() ? name : rel + "/" + name;
      Map<String, Object> a = Files.readAttributes(p, SCAN_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      int fullMode = (Integer) a.get("mode");
      int mode = fullMode & 07777;
      long uid = Integer.toUnsignedLong((Integer) a.get("uid"));
      long gid = Integer.toUnsignedLong((Integer) a.get("gid"));
      Instant mtime = Instant.ofEpochSecond(
          ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS));
      LayerEntry.Type type;
      long size = 0;
      String link = null;
      int major = 0;
      int minor = 0;
      Path source = null;
      switch (fullMode & 0170000) {
        case 0040000 -> type = LayerEntry.Type.DIRECTORY;
        case 0100000 -> {
          int nlink = (Integer) a.get("nlink");
          String first = null;
          if (nlink > 1) {
            Inode key = new Inode((Long) a.get("dev"), (Long) a.get("ino"));
            first = links.putIfAbsent(key, path);
          }
          if (first != null) {
            type = LayerEntry.Type.HARDLINK;
            link = first;
          } else {
            type = LayerEntry.Type.FILE;
            size = (Long) a.get("size");
            source = p;
          }
        }
        case 0120000 -> {
          type = LayerEntry.Type.SYMLINK;
          link = RawNames.name(Files.readSymbolicLink(p));
        }
        case 0020000, 0060000 -> {
          type = (fullMode & 0170000) == 0020000
              ? LayerEntry.Type.CHAR_DEVICE : LayerEntry.Type.BLOCK_DEVICE;
          long rdev = (Long) a.get("rdev");
          major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
          minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        }
        case 0010000 -> type = LayerEntry.Type.FIFO;
        default -> {
          continue; // sockets and anything else cannot go into a layer
        }
      }
      Map<String, byte[]> xattrs = readXattrs
          && (type == LayerEntry.Type.FILE || type == LayerEntry.Type.DIRECTORY)
          ? userXattrs(p) : null;
      out.add(new LayerEntry(path, type, mode, uid, gid, mtime, size, null, source, link, xattrs,
          major, minor));
      if (type == LayerEntry.Type.DIRECTORY) {
        scanDirectory(p, path, readXattrs, links, out);
      }
    }
  }

  private static Map<String, byte[]> userXattrs(Path p) {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(p,
        UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return null;
    }
    try {
      List<String> names = view.list();
      if (names.isEmpty()) {
        return null;
      }
      Map<String, byte[]> result = new TreeMap<>();
      for (String name : names) {
        ByteBuffer buf = ByteBuffer.allocate(view.size(name));
        view.read(name, buf);
        buf.flip();
        byte[] value = new byte[buf.remaining()];
        buf.get(value);
        result.put("user." + name, value);
      }
      return result;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // file system without user xattrs
    }
  }

  /** Flushes but never closes the caller's stream. */
  /** Writes go to the sink, then to the copy; flushes to both; closing closes neither. */
  private static final class Tee extends FilterOutputStream {
    private final OutputStream copy;

    Tee(OutputStream sink, OutputStream copy) {
      super(sink);
      this.copy = copy;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      copy.write(b, off, len);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      copy.write(b);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
      copy.flush();
    }

    @Override
    public void close() {
      // the caller's streams
    }
  }

  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  // ---- builder --------------------------------------------------------------------------------

  /** Options of a {@link LayerWriter}. */
  public static final class Builder {
    private Compression compression = Compression.GZIP;
    private int level = -1;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int blockSize = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;
    private long parallelThreshold = ParallelGzipOutputStream.DEFAULT_PARALLEL_THRESHOLD;
    private Instant clamp;
    private boolean readXattrs = true;

    private Builder() {}

    /** GZIP (default), ZSTD or NONE. */
    public Builder compression(Compression c) {
      this.compression = java.util.Objects.requireNonNull(c);
      return this;
    }

    /** Compression level: gzip 0–9 (default 6), zstd 1–22 (default 3); -1 for the default. */
    public Builder level(int level) {
      this.level = level;
      return this;
    }

    /** Gzip compression threads (default: available processors); 1 for plain gzip. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be ≥ 1");
      }
      this.threads = threads;
      return this;
    }

    /** Parallel gzip block size (default 1 MiB); part of what determines the bytes. */
    public Builder blockSize(int blockSize) {
      this.blockSize = blockSize;
      return this;
    }

    /** Below this many tar bytes, gzip runs on the calling thread (default 4 MiB). */
    public Builder parallelThreshold(long bytes) {
      this.parallelThreshold = bytes;
      return this;
    }

    /** No mtime later than this is written (later ones become it); {@code null}: no clamp. */
    public Builder clampMtime(Instant clamp) {
      this.clamp = clamp;
      return this;
    }

    /** Whether the directory walk reads {@code user.*} xattrs (default true). */
    public Builder readXattrs(boolean read) {
      this.readXattrs = read;
      return this;
    }

    public LayerWriter build() {
      return new LayerWriter(this);
    }
  }
}
