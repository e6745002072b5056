package dev.hoist.internal.cache.layer;

import static dev.hoist.internal.cache.layer.LayerTestSupport.isRoot;
import static dev.hoist.internal.cache.layer.LayerTestSupport.names;
import static dev.hoist.internal.cache.layer.LayerTestSupport.onPath;
import static dev.hoist.internal.cache.layer.LayerTestSupport.readLayer;
import static dev.hoist.internal.cache.layer.LayerTestSupport.readTar;
import static dev.hoist.internal.cache.layer.LayerTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.internal.cache.layer.LayerTestSupport.Item;
import dev.hoist.internal.cache.layer.LayerTestSupport.Run;
import dev.hoist.cache.model.Digest;
import dev.hoist.cache.model.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
  private static final Instant CLAMP = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir
  Path tmp;

  private static byte[] write(LayerWriter w, Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(dir, out);
    return out.toByteArray();
  }

  private static byte[] write(LayerWriter w, List<LayerEntry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(entries, out);
    return out.toByteArray();
  }

  private static LayerWriter tarOnly() {
    return LayerWriter.builder().compression(Compression.NONE).clampMtime(CLAMP).build();
  }

  /** A small tree with the usual kinds of entries; mtimes set to {@code mtime}. */
  private static Path tree(Path root, Instant mtime, int seed) throws IOException {
    Files.createDirectories(root.resolve("etc/ssl"));
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createDirectories(root.resolve("a-b"));
    Files.writeString(root.resolve("etc/hostname"), "box\n");
    Files.writeString(root.resolve("etc/ssl/cert.pem"), "-----BEGIN-----\n".repeat(100));
    byte[] big = new byte[300_000];
    new Random(seed).nextBytes(big);
    Files.write(root.resolve("usr/bin/tool"), big);
    Files.createLink(root.resolve("usr/bin/tool-alias"), root.resolve("usr/bin/tool"));
    Files.createSymbolicLink(root.resolve("usr/bin/sh"), Path.of("/bin/busybox"));
    Files.writeString(root.resolve("a-b/x"), "x");
    Files.writeString(root.resolve("empty"), "");
    try (var walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        if (!Files.isSymbolicLink(p)) {
          Files.setLastModifiedTime(p, FileTime.from(mtime));
        }
      }
    }
    return root;
  }

  // ---- determinism ----------------------------------------------------------------------------

  @Test
  void sameTreeGivesIdenticalBytesAndDigests() throws IOException {
    Path dir = tree(tmp.resolve("t"), Instant.parse("2020-05-05T10:00:00Z"), 1);
    for (Compression c : Compression.values()) {
      for (int threads : new int[] {1, 2}) {
        LayerWriter w = LayerWriter.builder().compression(c).threads(threads).clampMtime(CLAMP)
            .build();
        ByteArrayOutputStream o1 = new ByteArrayOutputStream();
        ByteArrayOutputStream o2 = new ByteArrayOutputStream();
        LayerResult r1 = w.write(dir, o1);
        LayerResult r2 = w.write(dir, o2);
        assertArrayEquals(o1.toByteArray(), o2.toByteArray(), c + " threads " + threads);
        assertEquals(r1, r2);
      }
    }
  }

  @Test
  void mtimesBeyondTheClampGiveTheSameBytes() throws IOException {
    Path a = tree(tmp.resolve("a"), Instant.parse("2025-03-01T12:00:00Z"), 7);
    Path b = tree(tmp.resolve("b"), Instant.parse("2030-07-09T01:02:03Z"), 7);
    LayerWriter w = LayerWriter.builder().clampMtime(CLAMP).build();
    assertArrayEquals(write(w, a), write(w, b));
    for (Item i : readLayer(write(w, a))) {
      if (!i.entry().isSymbolicLink()) {
        assertEquals(CLAMP.getEpochSecond(), i.entry().getModTime().toInstant().getEpochSecond(),
            i.name());
      }
    }
    // without the clamp they differ; earlier mtimes are kept
    LayerWriter noClamp = LayerWriter.builder().clampMtime(null).build();
    assertFalse(java.util.Arrays.equals(write(noClamp, a), write(noClamp, b)));
    Path old = tree(tmp.resolve("old"), Instant.parse("2001-01-01T00:00:00Z"), 7);
    Item hostname = readLayer(write(w, old)).stream()
        .filter(i -> i.name().equals("etc/hostname")).findFirst().orElseThrow();
    assertEquals(Instant.parse("2001-01-01T00:00:00Z"),
        hostname.entry().getModTime().toInstant());
  }

  /** The tree as GNU tar archives it (a tarball made elsewhere, as hoist import reads). */
  private byte[] gnuTar(Path dir) throws Exception {
    Path out = tmp.resolve(dir.getFileName() + ".tar");
    Process tar = new ProcessBuilder("tar", "--sort=name", "--numeric-owner", "-C",
        dir.toString(), "-cf", out.toString(), ".").inheritIO().start();
    assertEquals(0, tar.waitFor());
    return Files.readAllBytes(out);
  }

  private static LayerResult compress(LayerWriter w, byte[] tar, ByteArrayOutputStream out)
      throws IOException {
    return w.compress(new ByteArrayInputStream(tar), out);
  }

  @Test
  void compressingATarClampsItsMtimesOnlyWithAClamp() throws Exception {
    byte[] a = gnuTar(tree(tmp.resolve("a"), Instant.parse("2025-03-01T12:00:00Z"), 7));
    byte[] b = gnuTar(tree(tmp.resolve("b"), Instant.parse("2030-07-09T01:02:03Z"), 7));
    assertFalse(java.util.Arrays.equals(a, b));

    // no clamp: the tar is the layer, byte for byte
    ByteArrayOutputStream asIs = new ByteArrayOutputStream();
    LayerResult plain = compress(LayerWriter.builder().compression(Compression.NONE)
        .clampMtime(null).build(), a, asIs);
    assertArrayEquals(a, asIs.toByteArray());
    assertEquals(Digest.sha256(a), plain.diffId());

    // a clamp: the same entries, in the same order, with no mtime after it
    LayerWriter clamped = LayerWriter.builder().clampMtime(CLAMP).build();
    ByteArrayOutputStream fromA = new ByteArrayOutputStream();
    ByteArrayOutputStream fromB = new ByteArrayOutputStream();
    LayerResult ra = compress(clamped, a, fromA);
    LayerResult rb = compress(clamped, b, fromB);
    assertEquals(ra.digest(), rb.digest());
    assertEquals(ra.diffId(), rb.diffId());
    List<Item> original = readTar(a);
    List<Item> rewritten = readLayer(fromA.toByteArray());
    assertEquals(original.stream().map(Item::name).toList(),
        rewritten.stream().map(Item::name).toList());
    for (int i = 0; i < original.size(); i++) {
      TarArchiveEntry was = original.get(i).entry();
      TarArchiveEntry now = rewritten.get(i).entry();
      assertEquals(CLAMP, now.getModTime().toInstant(), now.getName());
      assertEquals(was.getMode() & 07777, now.getMode() & 07777, now.getName());
      assertEquals(was.getLinkFlag(), now.getLinkFlag(), now.getName());
      assertEquals(was.getLinkName(), now.getLinkName(), now.getName());
      assertArrayEquals(original.get(i).content(), rewritten.get(i).content(), now.getName());
    }
  }

  @Test
  void gnuSparseFilesAreReadWithTheirHolesByImportAndByTheExtractor() throws Exception {
    assumeTrue(onPath("tar"), "needs GNU tar (to write sparse archives): skipped");
    Path dir = Files.createDirectories(tmp.resolve("sparse"));
    Path holes = dir.resolve("holes");
    try (var f = new java.io.RandomAccessFile(holes.toFile(), "rw")) {
      f.setLength(4_000_000); // a hole, "data" at 3 MB, a hole to the end
      f.seek(3_000_000);
      f.write("data".getBytes(StandardCharsets.US_ASCII));
    }
    for (String format : List.of("gnu", "posix")) { // old GNU 'S' entries; PAX 1.0 sparse
      Path archive = tmp.resolve(format + "-sparse.tar");
      Run tar = run(new byte[0], dir, "tar", "--sparse", "--format=" + format, "-cf",
          archive.toString(), "holes");
      assertEquals(0, tar.exit(), tar.stderr());
      byte[] expected = Files.readAllBytes(holes);
      for (LayerWriter writer : List.of(
          LayerWriter.builder().compression(Compression.NONE).clampMtime(null).build(),
          LayerWriter.builder().compression(Compression.NONE).clampMtime(CLAMP).build())) {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        compress(writer, Files.readAllBytes(archive), layer);
        Path target = Files.createDirectories(tmp.resolve("x-" + format + "-"
            + writer.clamp().isPresent()));
        new LayerExtractor(ExtractOptions.unprivileged())
            .extract(new ByteArrayInputStream(layer.toByteArray()), target);
        assertArrayEquals(expected, Files.readAllBytes(target.resolve("holes")),
            format + (writer.clamp().isPresent() ? ", clamped" : ", as it is"));
      }
    }
  }

  @Test
  void sourceDateEpochIsParsed() {
    assertEquals(Instant.ofEpochSecond(1700000000),
        LayerWriter.sourceDateEpoch(Map.of("SOURCE_DATE_EPOCH", "1700000000")).orElseThrow());
    assertTrue(LayerWriter.sourceDateEpoch(Map.of()).isEmpty());
    assertThrows(IllegalArgumentException.class,
        () -> LayerWriter.sourceDateEpoch(Map.of("SOURCE_DATE_EPOCH", "yesterday")));
  }

  // ---- order, names ---------------------------------------------------------------------------

  @Test
  void entriesAreSortedParentsFirst() throws IOException {
    List<LayerEntry> entries = new ArrayList<>(List.of(
        LayerEntry.file("b/z", "z"),
        LayerEntry.directory("a"),
        LayerEntry.file("a-b", "1"),
        LayerEntry.file("a/c", "c"),
        LayerEntry.directory("a/b"),
        LayerEntry.file("a/b/d", "d"),
        LayerEntry.directory("b"),
        LayerEntry.file("B", "upper"),
        LayerEntry.file("é", "e"),
        LayerEntry.file("z", "z")));
    Collections.shuffle(entries, new Random(3));
    List<String> names = names(readTar(write(tarOnly(), entries)));
    assertEquals(List.of("B", "a/", "a/b/", "a/b/d", "a/c", "a-b", "b/", "b/z", "z", "é"), names);
    Collections.shuffle(entries, new Random(4));
    assertEquals(names, names(readTar(write(tarOnly(), entries))));
  }

  @Test
  void directoryWalkIsSortedAndSkipsTheRoot() throws IOException {
    Path dir = tree(tmp.resolve("t"), CLAMP, 1);
    List<String> names = names(readTar(write(tarOnly(), dir)));
    assertEquals(List.of("a-b/", "a-b/x", "empty", "etc/", "etc/hostname", "etc/ssl/",
        "etc/ssl/cert.pem", "usr/", "usr/bin/", "usr/bin/sh", "usr/bin/tool",
        "usr/bin/tool-alias"), names);
  }

  @Test
  void pathsAreNormalisedAndCheckedForDuplicatesAndDotDot() throws IOException {
    List<String> names = names(readTar(write(tarOnly(),
        List.of(LayerEntry.file("/x/y", "1"), LayerEntry.directory("./x/")))));
    assertEquals(List.of("x/", "x/y"), names);
    assertThrows(IllegalArgumentException.class, () -> write(tarOnly(),
        List.of(LayerEntry.file("x", "1"), LayerEntry.file("./x", "2"))));
    assertThrows(IllegalArgumentException.class,
        () -> write(tarOnly(), List.of(LayerEntry.file("a/../../etc/passwd", "1"))));
  }

  @Test
  void longAndNonAsciiNamesUsePaxHeaders() throws Exception {
    String longDir = "d".repeat(120);
    String longName = longDir + "/" + "f".repeat(140) + ".txt";
    String unicode = "données/café-☕.txt";
    String longTarget = "/opt/" + "t".repeat(200);
    byte[] tar = write(tarOnly(), List.of(
        LayerEntry.directory(longDir),
        LayerEntry.file(longName, "long"),
        LayerEntry.directory("données"),
        LayerEntry.file(unicode, "unicode"),
        LayerEntry.symlink("link", longTarget)));
    List<Item> items = readTar(tar);
    assertEquals(List.of(longDir + "/", longName, "données/", unicode, "link"), names(items));
    assertEquals("long", new String(items.get(1).content(), StandardCharsets.UTF_8));
    assertEquals(longTarget, items.get(4).entry().getLinkName());
    // GNU tar sees the same names
    Run list = run(tar, null, "tar", "--quoting-style=literal", "-tf", "-");
    assertEquals(0, list.exit(), list.stderr());
    assertEquals(String.join("\n", names(items)) + "\n", list.text());
  }

  // ---- entry kinds ----------------------------------------------------------------------------

  @Test
  void hardLinksFoundByInode() throws IOException {
    Path dir = tmp.resolve("t");
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/original"), "shared content");
    Files.createLink(dir.resolve("a-link"), dir.resolve("b/original"));
    Files.createLink(dir.resolve("z-link"), dir.resolve("b/original"));
    List<Item> items = readTar(write(tarOnly(), dir));
    assertEquals(List.of("a-link", "b/", "b/original", "z-link"), names(items));
    // the first in layer order holds the content; the others link to it
    assertTrue(items.get(0).entry().isFile());
    assertEquals("shared content", new String(items.get(0).content(), StandardCharsets.UTF_8));
    assertTrue(items.get(2).entry().isLink());
    assertEquals("a-link", items.get(2).entry().getLinkName());
    assertEquals(0, items.get(2).entry().getSize());
    assertTrue(items.get(3).entry().isLink());
    assertEquals("a-link", items.get(3).entry().getLinkName());
  }

  @Test
  void hardLinkEntriesMustFollowTheirTarget() throws IOException {
    byte[] tar = write(tarOnly(), List.of(LayerEntry.hardlink("b", "/a"),
        LayerEntry.file("a", "x")));
    List<Item> items = readTar(tar);
    assertEquals("a", items.get(1).entry().getLinkName());
    assertThrows(IllegalArgumentException.class, () -> write(tarOnly(),
        List.of(LayerEntry.hardlink("a", "b"), LayerEntry.file("b", "x"))));
    assertThrows(IllegalArgumentException.class, () -> write(tarOnly(),
        List.of(LayerEntry.hardlink("b", "missing"))));
  }

  @Test
  void symlinksAreStoredNotFollowed() throws IOException {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("secret"), "do not include");
    Path dir = tmp.resolve("t");
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("to-dir"), outside);
    Files.createSymbolicLink(dir.resolve("dangling"), Path.of("../nowhere"));
    Files.createSymbolicLink(dir.resolve("to-file"), outside.resolve("secret"));
    List<Item> items = readTar(write(tarOnly(), dir));
    assertEquals(List.of("dangling", "to-dir", "to-file"), names(items));
    for (Item i : items) {
      assertTrue(i.entry().isSymbolicLink(), i.name());
      assertEquals(0, i.content().length);
    }
    assertEquals("../nowhere", items.get(0).entry().getLinkName());
    assertEquals(outside.toString(), items.get(1).entry().getLinkName());
  }

  @Test
  void whiteoutsUseOciNames() throws Exception {
    byte[] tar = write(tarOnly(), List.of(
        LayerEntry.directory("etc"),
        LayerEntry.whiteout("etc/old.conf"),
        LayerEntry.opaqueWhiteout("var/cache"),
        LayerEntry.whiteout("/top"),
        LayerEntry.opaqueWhiteout("")));
    List<Item> items = readTar(tar);
    assertEquals(List.of(".wh..wh..opq", ".wh.top", "etc/", "etc/.wh.old.conf",
        "var/cache/.wh..wh..opq"), names(items));
    for (Item i : items) {
      if (i.name().contains(".wh.")) {
        assertTrue(i.entry().isFile());
        assertEquals(0, i.entry().getSize());
      }
    }
  }

  @Test
  void modesKeepSetuidSetgidAndSticky() throws IOException {
    byte[] tar = write(tarOnly(), List.of(
        LayerEntry.file("usr/bin/su", "su").withMode(04755),
        LayerEntry.directory("tmp").withMode(01777),
        LayerEntry.file("usr/bin/wall", "w").withMode(02755),
        LayerEntry.file("private", "p").withMode(0600)));
    Map<String, Integer> modes = new java.util.HashMap<>();
    for (Item i : readTar(tar)) {
      modes.put(i.name(), i.entry().getMode() & 07777);
    }
    assertEquals(04755, modes.get("usr/bin/su"));
    assertEquals(01777, modes.get("tmp/"));
    assertEquals(02755, modes.get("usr/bin/wall"));
    assertEquals(0600, modes.get("private"));
  }

  @Test
  void modesAndOwnersFromTheDirectoryWalk() throws IOException {
    Path dir = tmp.resolve("t");
    Files.createDirectories(dir.resolve("tmp"));
    Files.writeString(dir.resolve("su"), "su");
    boolean chowned = false;
    if (isRoot()) {
      Files.setAttribute(dir.resolve("su"), "unix:uid", 1234);
      Files.setAttribute(dir.resolve("su"), "unix:gid", 5678);
      chowned = true;
    }
    // chmod after chown: chown clears setuid
    Files.setAttribute(dir.resolve("su"), "unix:mode", 04751);
    Files.setAttribute(dir.resolve("tmp"), "unix:mode", 01777);
    List<Item> items = readTar(write(tarOnly(), dir));
    assertEquals(04751, items.get(0).entry().getMode() & 07777);
    assertEquals(01777, items.get(1).entry().getMode() & 07777);
    if (chowned) {
      assertEquals(1234, items.get(0).entry().getLongUserId());
      assertEquals(5678, items.get(0).entry().getLongGroupId());
    }
    for (Item i : items) {
      assertEquals("", i.entry().getUserName(), "numeric ids only");
      assertEquals("", i.entry().getGroupName());
    }
  }

  @Test
  void ownersAreNumericWithPaxForLargeIds() throws Exception {
    byte[] tar = write(tarOnly(), List.of(
        LayerEntry.file("small", "s").withOwner(1000, 100),
        LayerEntry.file("large", "l").withOwner(3_000_000_000L, 2_097_152)));
    List<Item> items = readTar(tar);
    assertEquals("large", items.get(0).name());
    assertEquals(3_000_000_000L, items.get(0).entry().getLongUserId());
    assertEquals(2_097_152, items.get(0).entry().getLongGroupId());
    assertEquals(1000, items.get(1).entry().getLongUserId());
    assertEquals(100, items.get(1).entry().getLongGroupId());
    Run list = run(tar, null, "tar", "--numeric-owner", "-tvf", "-");
    assertEquals(0, list.exit(), list.stderr());
    assertTrue(list.text().contains("3000000000/2097152"), list.text());
    assertTrue(list.text().contains("1000/100"), list.text());
  }

  @Test
  void xattrsFromEntriesAreSchilyPaxRecords() throws IOException {
    byte[] cap = {1, 0, 0, 2, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    byte[] tar = write(tarOnly(), List.of(LayerEntry.file("bin/ping", "ping").withMode(0755)
        .withXattr("security.capability", cap)
        .withXattr("user.comment", "hello".getBytes(StandardCharsets.UTF_8))));
    Item ping = readTar(tar).get(0);
    assertEquals("hello", ping.pax().get("SCHILY.xattr.user.comment"));
    assertTrue(ping.pax().containsKey("SCHILY.xattr.security.capability"));
    // raw bytes, in key order, in the PAX header
    String raw = new String(tar, StandardCharsets.ISO_8859_1);
    int capAt = raw.indexOf("SCHILY.xattr.security.capability=");
    int userAt = raw.indexOf("SCHILY.xattr.user.comment=");
    assertTrue(capAt > 0 && userAt > capAt);
    byte[] stored = java.util.Arrays.copyOfRange(tar,
        capAt + "SCHILY.xattr.security.capability=".length(),
        capAt + "SCHILY.xattr.security.capability=".length() + cap.length);
    assertArrayEquals(cap, stored);
  }

  @Test
  void userXattrsFromTheDirectoryWalk() throws IOException {
    Path dir = tmp.resolve("t");
    Files.createDirectories(dir);
    Path f = Files.writeString(dir.resolve("f"), "f");
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
    try {
      view.write("hoist.test", ByteBuffer.wrap("v1".getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | UnsupportedOperationException e) {
      assumeTrue(false, "user xattrs not supported on " + dir + ": " + e);
    }
    Item item = readTar(write(tarOnly(), dir)).get(0);
    assertEquals("v1", item.pax().get("SCHILY.xattr.user.hoist.test"));
    LayerWriter noXattrs = LayerWriter.builder().compression(Compression.NONE).clampMtime(CLAMP)
        .readXattrs(false).build();
    assertFalse(readTar(write(noXattrs, dir)).get(0).pax()
        .containsKey("SCHILY.xattr.user.hoist.test"));
  }

  @Test
  void devicesAndFifos() throws Exception {
    byte[] tar = write(tarOnly(), List.of(LayerEntry.charDevice("dev/null", 1, 3),
        LayerEntry.blockDevice("dev/loop0", 7, 0), LayerEntry.fifo("run/pipe")));
    List<Item> items = readTar(tar);
    assertEquals(List.of("dev/loop0", "dev/null", "run/pipe"), names(items));
    assertTrue(items.get(0).entry().isBlockDevice());
    assertEquals(7, items.get(0).entry().getDevMajor());
    assertTrue(items.get(1).entry().isCharacterDevice());
    assertEquals(1, items.get(1).entry().getDevMajor());
    assertEquals(3, items.get(1).entry().getDevMinor());
    assertTrue(items.get(2).entry().isFIFO());
  }

  @Test
  void devicesAndFifosFromTheDirectoryWalkAsRoot() throws Exception {
    assumeTrue(isRoot(), "mknod needs root");
    Path dir = tmp.resolve("t");
    Files.createDirectories(dir);
    Run mknod = run(null, dir, "mknod", "null", "c", "1", "3");
    assumeTrue(mknod.exit() == 0, "mknod failed (container without CAP_MKNOD?): "
        + mknod.stderr());
    assertEquals(0, run(null, dir, "mknod", "big", "b", "259", "300000").exit());
    assertEquals(0, run(null, dir, "mkfifo", "pipe").exit());
    List<Item> items = readTar(write(tarOnly(), dir));
    assertEquals(List.of("big", "null", "pipe"), names(items));
    assertTrue(items.get(0).entry().isBlockDevice());
    assertEquals(259, items.get(0).entry().getDevMajor());
    assertEquals(300000, items.get(0).entry().getDevMinor());
    assertTrue(items.get(1).entry().isCharacterDevice());
    assertEquals(1, items.get(1).entry().getDevMajor());
    assertEquals(3, items.get(1).entry().getDevMinor());
    assertTrue(items.get(2).entry().isFIFO());
  }

  @Test
  void sizesOf8GiBAndMoreUsePax() throws IOException {
    long size = (8L << 30) + 1; // one more than the 11 octal digits of the USTAR size field hold
    java.io.InputStream zeros = new java.io.InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    java.io.OutputStream firstBlocks = new java.io.OutputStream() {
      @Override
      public void write(int b) {
        if (head.size() < 2048) {
          head.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        head.write(b, off, Math.max(0, Math.min(len, 2048 - head.size())));
      }
    };
    LayerResult r = tarOnly().write(List.of(LayerEntry.file("huge", size, () -> zeros)),
        firstBlocks);
    // PAX header + its records + the entry header, the content padded to 512, two zero blocks
    assertEquals(3 * 512 + (size + 511) / 512 * 512 + 1024, r.size());
    String text = new String(head.toByteArray(), StandardCharsets.ISO_8859_1);
    assertEquals('x', text.charAt(156));
    assertTrue(text.contains("size=8589934593\n"), text.substring(512, 600));
    assertEquals("00000000000", text.substring(1024 + 124, 1024 + 135)); // USTAR size field
    assertEquals('0', text.charAt(1024 + 156));
  }

  @Test
  void contentOfTheWrongSizeFails() {
    LayerEntry lying = LayerEntry.file("f", 10, () -> new ByteArrayInputStream(new byte[5]));
    assertThrows(IOException.class, () -> write(tarOnly(), List.of(lying)));
    LayerEntry longer = LayerEntry.file("f", 3, () -> new ByteArrayInputStream(new byte[5]));
    assertThrows(IOException.class, () -> write(tarOnly(), List.of(longer)));
  }

  // ---- compression, digests, external tools ---------------------------------------------------

  @Test
  void digestsMatchTheBytesWritten() throws IOException {
    Path dir = tree(tmp.resolve("t"), CLAMP, 2);
    for (Compression c : Compression.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LayerResult r = LayerWriter.builder().compression(c).clampMtime(CLAMP).build()
          .write(dir, out);
      byte[] blob = out.toByteArray();
      byte[] tar = Compression.decompressed(new ByteArrayInputStream(blob)).readAllBytes();
      assertEquals(Digest.sha256(blob), r.digest(), c.name());
      assertEquals(Digest.sha256(tar), r.diffId(), c.name());
      assertEquals(blob.length, r.size());
      assertEquals(tar.length, r.uncompressedSize());
      assertEquals(c.ociMediaType(), r.mediaType());
      assertEquals(0, tar.length % 512);
      if (c == Compression.NONE) {
        assertEquals(r.digest(), r.diffId());
      } else {
        assertNotEquals(r.digest(), r.diffId());
      }
    }
    assertEquals(MediaTypes.OCI_LAYER_GZIP, Compression.GZIP.ociMediaType());
  }

  @Test
  void sameTarWhateverTheCompression() throws IOException {
    Path dir = tree(tmp.resolve("t"), CLAMP, 5);
    Digest diffId = null;
    for (Compression c : Compression.values()) {
      for (int threads : new int[] {1, 2, 3}) {
        LayerResult r = LayerWriter.builder().compression(c).threads(threads)
            .parallelThreshold(0).blockSize(64 * 1024).clampMtime(CLAMP).build()
            .write(dir, new ByteArrayOutputStream());
        if (diffId == null) {
          diffId = r.diffId();
        }
        assertEquals(diffId, r.diffId(), c + "/" + threads);
      }
    }
  }

  @Test
  void gzipLayersAreReadByJavaGzipAndGnuTools() throws Exception {
    Path dir = tree(tmp.resolve("t"), CLAMP, 3);
    byte[] bigText = new byte[6 << 20]; // above the parallel threshold: the multi-block format
    for (int i = 0; i < bigText.length; i++) {
      bigText[i] = (byte) ("abcdefgh\n".charAt(i % 9) + (i % 7919 == 0 ? 1 : 0));
    }
    Files.write(dir.resolve("big.txt"), bigText);
    for (int threads : new int[] {1, 2}) {
      LayerWriter w = LayerWriter.builder().threads(threads).clampMtime(CLAMP).build();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      w.write(dir, out);
      byte[] blob = out.toByteArray();
      byte[] tar;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
        tar = in.readAllBytes();
      }
      assertEquals(names(readTar(tar)), names(readLayer(blob)));
      // header: no name, mtime 0, OS 255
      assertEquals(0, blob[3]);
      assertArrayEquals(new byte[] {0, 0, 0, 0}, java.util.Arrays.copyOfRange(blob, 4, 8));
      assertEquals((byte) 0xff, blob[9]);

      Run gunzip = run(blob, null, "gzip", "-dc");
      assertEquals(0, gunzip.exit(), gunzip.stderr());
      assertArrayEquals(tar, gunzip.stdout(), "gzip -dc, threads " + threads);

      Path file = tmp.resolve("layer-" + threads + ".tar.gz");
      Files.write(file, blob);
      Run list = run(null, null, "tar", "--numeric-owner", "-tzvf", file.toString());
      assertEquals(0, list.exit(), list.stderr());
      String[] lines = list.text().split("\n");
      assertEquals(13, lines.length, list.text());
      assertTrue(lines[2].matches("-rw-r--r-- \\d+/\\d+ +6291456 2024-01-01 00:00 big\\.txt"),
          lines[2]);
      assertTrue(list.text().contains(" usr/bin/sh -> /bin/busybox\n"), list.text());
      assertTrue(list.text().contains(" usr/bin/tool-alias link to usr/bin/tool\n"),
          list.text());
      assertTrue(list.text().contains("drwx"), list.text());
      Run extract = run(null, null, "tar", "-xzf", file.toString(), "-C",
          Files.createDirectories(tmp.resolve("x" + threads)).toString());
      assertEquals(0, extract.exit(), extract.stderr());
      assertArrayEquals(bigText, Files.readAllBytes(tmp.resolve("x" + threads + "/big.txt")));
    }
  }

  @Test
  void zstdLayersAreReadByTheZstdTool() throws Exception {
    assumeTrue(onPath("zstd"), "zstd is not installed: skipping the zstd -dc check");
    Path dir = tree(tmp.resolve("t"), CLAMP, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerResult r = LayerWriter.builder().compression(Compression.ZSTD).clampMtime(CLAMP).build()
        .write(dir, out);
    Run zstd = run(out.toByteArray(), null, "zstd", "-dc");
    assertEquals(0, zstd.exit(), zstd.stderr());
    assertEquals(r.diffId(), Digest.sha256(zstd.stdout()));
    assertEquals(MediaTypes.OCI_LAYER_ZSTD, r.mediaType());
  }

  @Test
  void theCallersStreamIsNotClosed() throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream sink = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    LayerWriter.builder().clampMtime(CLAMP).build()
        .write(List.of(LayerEntry.file("a", "a")), sink);
    assertFalse(closed[0]);
    assertTrue(sink.size() > 0);
  }

  @Test
  void emptyLayer() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerResult r = LayerWriter.builder().clampMtime(CLAMP).build().write(List.of(), out);
    assertEquals(1024, r.uncompressedSize());
    Run list = run(out.toByteArray(), null, "tar", "-tzf", "-");
    assertEquals(0, list.exit(), list.stderr());
    assertEquals("", list.text());
  }
}
