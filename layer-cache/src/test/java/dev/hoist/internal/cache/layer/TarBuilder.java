package dev.hoist.internal.cache.layer;

import dev.hoist.cache.model.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds small tar archives for tests, hostile ones included: names are written exactly as
 * given (absolute paths and {@code ..} kept), long names and xattrs go into PAX headers.
 *
 * <pre>{@code
 * byte[] layer = TarBuilder.tar().dir("etc").file("etc/hosts", "127.0.0.1 localhost\n")
 *     .symlink("link", "/etc").with(e -> e.setModTime(0)).bytes();
 * }</pre>
 */
final class TarBuilder {
  /** The mtime every entry gets unless changed with {@link #with}. */
  static final FileTime DEFAULT_MTIME = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));

  private record Item(TarArchiveEntry entry, byte[] content) {}

  private final List<Item> items = new ArrayList<>();

  private TarBuilder() {}

  static TarBuilder tar() {
    return new TarBuilder();
  }

  TarBuilder dir(String name) {
    return dir(name, 0755);
  }

  TarBuilder dir(String name, int mode) {
    return add(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, new byte[0]);
  }

  TarBuilder file(String name, String content) {
    return file(name, content, 0644);
  }

  TarBuilder file(String name, String content, int mode) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  TarBuilder file(String name, byte[] content, int mode) {
    return add(name, TarConstants.LF_NORMAL, mode, content);
  }

  /** An empty regular file, such as a whiteout {@code dir/.wh.name}. */
  TarBuilder empty(String name) {
    return file(name, new byte[0], 0644);
  }

  TarBuilder symlink(String name, String target) {
    add(name, TarConstants.LF_SYMLINK, 0777, new byte[0]);
    return with(e -> e.setLinkName(target));
  }

  TarBuilder hardlink(String name, String target) {
    add(name, TarConstants.LF_LINK, 0644, new byte[0]);
    return with(e -> e.setLinkName(target));
  }

  TarBuilder charDevice(String name, int major, int minor) {
    return device(name, TarConstants.LF_CHR, major, minor);
  }

  TarBuilder blockDevice(String name, int major, int minor) {
    return device(name, TarConstants.LF_BLK, major, minor);
  }

  TarBuilder fifo(String name) {
    return add(name, TarConstants.LF_FIFO, 0644, new byte[0]);
  }

  /** Adjusts the entry added last (mtime, owner, PAX headers such as xattrs...). */
  TarBuilder with(Consumer<TarArchiveEntry> change) {
    change.accept(items.get(items.size() - 1).entry());
    return this;
  }

  /** Gives the entry added last a numeric owner and group, without names (as layers often do). */
  TarBuilder owner(int uid, int gid) {
    return with(e -> {
      e.setUserId(uid);
      e.setGroupId(gid);
      e.setUserName("");
      e.setGroupName("");
    });
  }

  /** Gives the entry added last an xattr, as a {@code SCHILY.xattr.} PAX record. */
  TarBuilder xattr(String name, String value) {
    return with(e -> e.addPaxHeader("SCHILY.xattr." + name, value));
  }

  /** The uncompressed tar. */
  byte[] bytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    writeTo(buffer);
    return buffer.toByteArray();
  }

  byte[] gzip() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  byte[] zstd() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = Compression.zstd(buffer, 3)) {
      out.write(bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** The sha256 of the uncompressed tar: the layer's diffID. */
  Digest diffId() {
    return Digest.sha256(bytes());
  }

  /** Writes the uncompressed tar to {@code file} and returns it. */
  Path writeTo(Path file) throws IOException {
    Files.write(file, bytes());
    return file;
  }

  private void writeTo(OutputStream sink) {
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(sink,
        StandardCharsets.UTF_8.name())) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      out.setAddPaxHeadersForNonAsciiNames(true);
      for (Item item : items) {
        out.putArchiveEntry(item.entry());
        out.write(item.content());
        out.closeArchiveEntry();
      }
      out.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TarBuilder device(String name, byte type, int major, int minor) {
    add(name, type, 0600, new byte[0]);
    return with(e -> {
      e.setDevMajor(major);
      e.setDevMinor(minor);
    });
  }

  private TarBuilder add(String name, byte type, int mode, byte[] content) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setMode(mode);
    entry.setSize(content.length);
    entry.setModTime(DEFAULT_MTIME);
    items.add(new Item(entry, content));
    return this;
  }
}
