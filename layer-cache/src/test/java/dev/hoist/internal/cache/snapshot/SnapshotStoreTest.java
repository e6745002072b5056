package dev.hoist.internal.cache.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.internal.cache.layer.LayerEntry;
import dev.hoist.internal.cache.layer.LayerException;
import dev.hoist.internal.cache.layer.LayerResult;
import dev.hoist.internal.cache.layer.LayerWriter;
import dev.hoist.cache.model.Descriptor;
import dev.hoist.cache.model.Digest;
import dev.hoist.internal.cache.store.BlobWriter;
import dev.hoist.internal.cache.store.ContentStore;
import dev.hoist.internal.cache.store.HoistHome;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
  @TempDir Path dir;

  private record Layer(Descriptor descriptor, Digest diffId) {}

  private Layer storeLayer(ContentStore blobs, List<LayerEntry> entries) throws Exception {
    LayerResult result;
    try (BlobWriter blob = blobs.writer()) {
      result = LayerWriter.builder().build().write(entries, blob);
      blob.commit();
    }
    return new Layer(Descriptor.of(result.mediaType(), result.digest(), result.size()),
        result.diffId());
  }

  @Test
  void unpacksOnceAndShares() throws Exception {
    HoistHome home = new HoistHome(dir);
    ContentStore blobs = new ContentStore(home);
    Layer layer = storeLayer(blobs, List.of(LayerEntry.directory("etc"),
        LayerEntry.file("etc/os-release", "ID=hoist\n")));
    SnapshotStore snapshots = new SnapshotStore(home, blobs);
    Path snapshot = snapshots.ensure(layer.descriptor(), layer.diffId());
    assertEquals(dir.resolve("snapshots").resolve(layer.diffId().hex()), snapshot);
    assertEquals("ID=hoist\n", Files.readString(snapshot.resolve("etc/os-release")));
    FileTime before = Files.getLastModifiedTime(snapshot.resolve("etc/os-release"));
    Files.setLastModifiedTime(snapshot.resolve("etc/os-release"), FileTime.fromMillis(0));
    assertEquals(snapshot, snapshots.ensure(layer.descriptor(), layer.diffId()));
    assertEquals(FileTime.fromMillis(0),
        Files.getLastModifiedTime(snapshot.resolve("etc/os-release")),
        "the second ensure unpacked the layer again (mtime was " + before + ")");
  }

  @Test
  void aLayerWrittenWhileItsSnapshotUnpacksMatchesOneUnpackedFromItsBlob() throws Exception {
    HoistHome home = new HoistHome(dir);
    ContentStore blobs = new ContentStore(home);
    byte[] big = new byte[3 << 20];
    new java.util.Random(5).nextBytes(big); // larger than the pipe: the two sides take turns
    List<LayerEntry> entries = List.of(LayerEntry.directory("data"),
        LayerEntry.file("data/big", big), LayerEntry.file("data/small", "small\n"),
        LayerEntry.symlink("data/link", "small"));
    SnapshotStore snapshots = new SnapshotStore(home, blobs);
    LayerResult written = snapshots.unpackWhileWriting(tar -> {
      try (BlobWriter blob = blobs.writer()) {
        LayerResult r = LayerWriter.builder().build().write(entries, blob, tar);
        blob.commit();
        return r;
      }
    });
    Path snapshot = snapshots.path(written.diffId());
    assertTrue(snapshots.contains(written.diffId()));
    assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(snapshot.resolve("data/big"))));
    assertEquals("small", Files.readSymbolicLink(snapshot.resolve("data/link")).toString());
    // the same layer unpacked from its blob, for comparison
    Path other = dir.resolve("other");
    Files.createDirectory(other);
    try (var in = blobs.open(written.digest())) {
      assertEquals(written.diffId(),
          new dev.hoist.internal.cache.layer.LayerExtractor().extract(in, other).diffId());
    }
    assertEquals(Files.readString(other.resolve("data/small")),
        Files.readString(snapshot.resolve("data/small")));
    try (var names = Files.list(dir.resolve("snapshots"))) {
      assertEquals(1, names.count(), "a temporary directory was left behind");
    }
  }

  @Test
  void aFailedWriteWhileUnpackingLeavesNoSnapshot() throws Exception {
    HoistHome home = new HoistHome(dir);
    ContentStore blobs = new ContentStore(home);
    SnapshotStore snapshots = new SnapshotStore(home, blobs);
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> snapshots.unpackWhileWriting(tar -> {
          tar.write(new byte[700_000]); // part of a tar, then the writer fails
          throw new java.io.IOException("disk full");
        }));
    assertEquals("disk full", e.getMessage());
    try (var names = Files.list(dir.resolve("snapshots"))) {
      assertEquals(0, names.count(), "a partial snapshot was left behind");
    }
  }

  @Test
  void anUnpackerThatFailsFirstStopsTheWriterWithItsError() throws Exception {
    HoistHome home = new HoistHome(dir);
    SnapshotStore snapshots = new SnapshotStore(home, new ContentStore(home));
    byte[] notATar = new byte[1 << 20];
    java.util.Arrays.fill(notATar, (byte) 'x');
    long start = System.nanoTime();
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> snapshots.unpackWhileWriting(tar -> {
          for (int i = 0; i < 64; i++) { // far more than the pipe holds: it must not block
            tar.write(notATar);
          }
          throw new AssertionError("the writer was not stopped");
        }));
    assertTrue(System.nanoTime() - start < 30_000_000_000L);
    assertFalse(e.getMessage().contains("reader has stopped"),
        "the unpacker's error, not the pipe's, is reported: " + e.getMessage());
    try (var names = Files.list(dir.resolve("snapshots"))) {
      assertEquals(0, names.count(), "a partial snapshot was left behind");
    }
  }

  @Test
  void aLayerThatDoesNotMatchItsDiffIdLeavesNothing() throws Exception {
    HoistHome home = new HoistHome(dir);
    ContentStore blobs = new ContentStore(home);
    Layer layer = storeLayer(blobs, List.of(LayerEntry.file("a", "a")));
    Digest wrong = Digest.sha256("something else".getBytes());
    LayerException e = assertThrows(LayerException.class,
        () -> new SnapshotStore(home, blobs).ensure(layer.descriptor(), wrong));
    assertTrue(e.getMessage().contains("image config says " + wrong), e.getMessage());
    try (var entries = Files.list(dir.resolve("snapshots"))) {
      assertEquals(0, entries.count(), "a partial or temporary snapshot was left behind");
    }
  }

  @Test
  void whiteoutsWorkAsOverlayLowerDirectories() throws Exception {
    Assumptions.assumeTrue(Privileges.isRoot(), "overlay whiteouts and mounts need root; skipping");
    HoistHome home = new HoistHome(dir);
    ContentStore blobs = new ContentStore(home);
    Layer base = storeLayer(blobs, List.of(LayerEntry.directory("etc"),
        LayerEntry.file("etc/gone", "deleted above"), LayerEntry.file("etc/kept", "kept"),
        LayerEntry.directory("opaque"), LayerEntry.file("opaque/old", "hidden by opaque")));
    Layer top = storeLayer(blobs, List.of(LayerEntry.directory("etc"),
        LayerEntry.whiteout("etc/gone"), LayerEntry.directory("opaque"),
        LayerEntry.opaqueWhiteout("opaque"), LayerEntry.file("opaque/new", "new")));
    SnapshotStore snapshots = new SnapshotStore(home, blobs);
    Path lower = snapshots.ensure(base.descriptor(), base.diffId());
    Path upper = snapshots.ensure(top.descriptor(), top.diffId());
    assertEquals("character", type(upper.resolve("etc/gone")));
    Path merged = dir.resolve("merged");
    Files.createDirectories(merged);
    Process mount = new ProcessBuilder("mount", "-t", "overlay", "overlay", "-o",
        "lowerdir=" + upper + ":" + lower, merged.toString()).inheritIO().start();
    mount.waitFor(30, TimeUnit.SECONDS);
    Assumptions.assumeTrue(mount.exitValue() == 0, "cannot mount overlayfs here; skipping");
    try {
      assertEquals("kept", Files.readString(merged.resolve("etc/kept")));
      assertFalse(Files.exists(merged.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS));
      assertEquals("new", Files.readString(merged.resolve("opaque/new")));
      assertFalse(Files.exists(merged.resolve("opaque/old"), LinkOption.NOFOLLOW_LINKS));
    } finally {
      new ProcessBuilder("umount", merged.toString()).inheritIO().start().waitFor();
    }
  }

  private static String type(Path path) throws Exception {
    String out = ExternalTools.output("stat", "-c", "%F", path.toString()).strip();
    return out.startsWith("character") ? "character" : out;
  }

  /**
   * With a home outside /root (every directory above it traversable), user nobody must not reach
   * a setuid-root binary of an image's snapshot: the snapshots directory is 0700.
   */
  @Test
  void otherUsersCannotReachASnapshotsSetuidBinary() throws Exception {
    Assumptions.assumeTrue(Privileges.isRoot(), "setuid files and setpriv need root; skipping");
    ExternalTools.assumeAvailable("setpriv");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    HoistHome home = new HoistHome(dir.resolve("home"));
    ContentStore blobs = new ContentStore(home);
    Layer layer = storeLayer(blobs, List.of(LayerEntry.directory("bin"),
        LayerEntry.file("bin/rootshell", "#!/bin/sh\n").withMode(04755)));
    Path snapshot = new SnapshotStore(home, blobs).ensure(layer.descriptor(), layer.diffId());
    Path setuid = snapshot.resolve("bin/rootshell");
    assertEquals(04755, (Integer) Files.getAttribute(setuid, "unix:mode") & 07777);
    Process p = new ProcessBuilder(ExternalTools.require("setpriv").toString(),
        "--reuid", "65534", "--regid", "65534", "--clear-groups", "--", "/bin/ls", "-l",
        setuid.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(2, p.waitFor(), "nobody reached the setuid binary: " + out);
    assertTrue(out.contains("Permission denied"), out);
    assertEquals(PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(home.snapshots()));
  }
}
