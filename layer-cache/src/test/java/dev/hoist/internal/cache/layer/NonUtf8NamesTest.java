package dev.hoist.internal.cache.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ChildJvm;
import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import dev.hoist.fixtures.RawTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names whose bytes are not UTF-8 ({@code f\xffo}) keep those bytes through every step of
 * the layer machinery, as Docker's and BuildKit's (Go strings are bytes) do: a layer's tar
 * entry to the disk, the disk to a layer's tar entry, and a layer re-read and re-written.
 */
class NonUtf8NamesTest {
  private static final byte[] USTAR_NAME = RawTar.bytes("f\\xffo");
  private static final byte[] PAX_NAME = RawTar.bytes("p\\xfeq\\xc3");
  private static final byte[] DIR = RawTar.bytes("d\\x80ir");
  private static final byte[] LINK_TARGET = RawTar.bytes("t\\xe9rget");

  @TempDir Path dir;

  private static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.write('/');
      }
      out.writeBytes(parts[i]);
    }
    return out.toByteArray();
  }

  private static List<String> printable(List<byte[]> names) {
    return names.stream().map(RawTar::printable).toList();
  }

  private static byte[] layerWithNonUtf8Names() {
    return RawTar.builder()
        .file(USTAR_NAME, "in a ustar header")
        .paxFile(PAX_NAME, "in a pax record")
        .directory(DIR)
        .file(join(DIR, USTAR_NAME), "below a directory named so")
        .symlink(RawTar.bytes("link"), LINK_TARGET, true)
        .hardlink(RawTar.bytes("hard"), USTAR_NAME)
        .file(RawTar.bytes("\u00fcn\u00ef"), "valid UTF-8")
        .bytes();
  }

  @Test
  void extractedNamesKeepTheirBytesOnDisk() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    new LayerExtractor().extract(new ByteArrayInputStream(layerWithNonUtf8Names()), root);

    assertEquals(List.of("d\\x80ir", "d\\x80ir/f\\xffo", "f\\xffo", "hard", "link",
        "p\\xfeq\\xc3", "\\xc3\\xbcn\\xc3\\xaf"), printable(RawTar.namesOnDisk(root)));
    Path link = root.resolve("link");
    assertArrayEquals(LINK_TARGET, RawNames.bytes(Files.readSymbolicLink(link)));
    assertEquals("in a ustar header", Files.readString(RawNames.resolve(root, "hard")));
    assertEquals("in a pax record", Files.readString(
        RawNames.resolve(root, RawNames.decode(PAX_NAME))));
  }

  @Test
  void layerWrittenFromADirectoryHasTheNamesBytes() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    // names made by the shell, as a RUN step makes them
    ExternalTools.output("sh", "-c", "cd '" + root + "' && mkdir \"$(printf 'd\\200ir')\" && "
        + "printf x > \"$(printf 'd\\200ir/f\\377o')\" && printf y > \"$(printf 'f\\377o')\" && "
        + "ln -s \"$(printf 't\\351rget')\" link && mkfifo \"$(printf 'fifo\\376')\"");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerWriter.builder().compression(Compression.NONE).build().write(root, out);

    List<RawTar.Entry> entries = RawTar.entries(new ByteArrayInputStream(out.toByteArray()));
    // sorted by bytes, as GNU tar --sort=name: 0x80 < 0xfe < 0xff
    assertEquals(List.of("d\\x80ir/", "d\\x80ir/f\\xffo", "fifo\\xfe", "f\\xffo", "link"),
        entries.stream().map(RawTar.Entry::printableName).toList());
    assertEquals("t\\xe9rget", entries.get(4).printableLink());
    assertEquals("y", new String(entries.get(3).content(), StandardCharsets.UTF_8));
  }

  @Test
  void layerExtractedAndWrittenAgainIsTheSameLayer() throws Exception {
    // what happens to a base layer's names when a RUN step's snapshot is read back, or an
    // image imported and re-layered
    List<LayerEntry> entries = List.of(
        LayerEntry.directory(RawNames.decode(DIR)),
        LayerEntry.file(RawNames.decode(join(DIR, USTAR_NAME)), "a"),
        LayerEntry.file(RawNames.decode(PAX_NAME), "b"),
        LayerEntry.symlink("link", RawNames.decode(LINK_TARGET)),
        LayerEntry.hardlink("zz", RawNames.decode(PAX_NAME)),
        LayerEntry.fifo(RawNames.decode(RawTar.bytes("fifo\\xfe"))));
    LayerWriter writer = LayerWriter.builder().compression(Compression.NONE)
        .clampMtime(Instant.EPOCH).build();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    writer.write(entries, first);
    Path root = Files.createDirectory(dir.resolve("root"));
    new LayerExtractor().extract(new ByteArrayInputStream(first.toByteArray()), root);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    // owned by whoever extracted them; the layer said 0:0
    writer.write(LayerWriter.scan(root, false).stream().map(e -> e.withOwner(0, 0)).toList(),
        second);
    assertEquals(List.of("d\\x80ir/", "d\\x80ir/f\\xffo", "fifo\\xfe", "link -> t\\xe9rget",
        "p\\xfeq\\xc3", "zz -> p\\xfeq\\xc3"),
        RawTar.entries(new ByteArrayInputStream(first.toByteArray())).stream()
            .map(e -> e.printableName() + (e.link().length > 0 ? " -> " + e.printableLink() : ""))
            .toList());
    assertEquals(RawTar.entries(new ByteArrayInputStream(first.toByteArray())).stream()
            .map(e -> e.printableName() + " -> " + e.printableLink()).toList(),
        RawTar.entries(new ByteArrayInputStream(second.toByteArray())).stream()
            .map(e -> e.printableName() + " -> " + e.printableLink()).toList());
    assertArrayEquals(first.toByteArray(), second.toByteArray());
  }

  @Test
  void importedTarRewrittenWithAClampKeepsTheNames() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerWriter.builder().compression(Compression.NONE).clampMtime(Instant.EPOCH).build()
        .compress(new ByteArrayInputStream(layerWithNonUtf8Names()), out);
    List<RawTar.Entry> entries = RawTar.entries(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(List.of("f\\xffo", "p\\xfeq\\xc3", "d\\x80ir/", "d\\x80ir/f\\xffo", "link",
            "hard", "\\xc3\\xbcn\\xc3\\xaf"),
        entries.stream().map(RawTar.Entry::printableName).toList());
    assertEquals("t\\xe9rget", entries.get(4).printableLink());
    assertEquals("f\\xffo", entries.get(5).printableLink());
  }

  @Test
  void whiteoutOfANonUtf8NameRemovesThatFileOnly() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    new LayerExtractor().extract(new ByteArrayInputStream(RawTar.builder()
        .file(RawTar.bytes("a\\xffb"), "1").file(RawTar.bytes("a\\xfeb"), "2").bytes()), root);
    new LayerExtractor().extract(new ByteArrayInputStream(RawTar.builder()
        .file(RawTar.bytes(".wh.a\\xffb"), "").bytes()), root);
    assertEquals(List.of("a\\xfeb"), printable(RawTar.namesOnDisk(root)));
  }

  @Test
  void specialFilesWithNonUtf8NamesAreMadeAndTimed() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    byte[] fifo = RawTar.bytes("fifo\\xff");
    new LayerExtractor().extract(new ByteArrayInputStream(RawTar.builder()
        .entry(fifo, '6', 0640, new byte[0], new byte[0], false).bytes()), root);
    Path made = RawNames.resolve(root, RawNames.decode(fifo));
    assertEquals(List.of("fifo\\xff"), printable(RawTar.namesOnDisk(root)));
    assertTrue(Files.readAttributes(made, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode")
        instanceof Integer mode && mode == 010640, "a FIFO with mode 0640");
    assertEquals(1577934245L, Files.getLastModifiedTime(made, LinkOption.NOFOLLOW_LINKS)
        .toInstant().getEpochSecond());
  }

  /**
   * In a child JVM: extracts the layer {@code args[0]} into {@code args[1]}, then writes that
   * directory as a plain tar to {@code args[2]}; prints the JVM's file name encoding first.
   */
  public static void main(String[] args) throws Exception {
    System.out.println(System.getProperty("sun.jnu.encoding"));
    new LayerExtractor().extract(Path.of(args[0]), Path.of(args[1]));
    try (java.io.OutputStream out = Files.newOutputStream(Path.of(args[2]))) {
      LayerWriter.builder().compression(Compression.NONE).build().write(Path.of(args[1]), out);
    }
  }

  @Test
  void namesKeepTheirBytesInAJvmUnderTheCLocale() throws Exception {
    // an embedder's JVM, not started by the launcher (which picks C.UTF-8): Java's String and
    // Path conversions are ASCII there, and every non-ASCII name failed
    Path layer = Files.write(dir.resolve("layer.tar"), layerWithNonUtf8Names());
    Path root = Files.createDirectory(dir.resolve("root"));
    Path written = dir.resolve("written.tar");
    Process child = ChildJvm.start(Map.of("LC_ALL", "C", "LANG", "C"), List.of(),
        NonUtf8NamesTest.class, layer.toString(), root.toString(), written.toString());
    String encoding = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), "the child JVM failed");
    assertEquals("ANSI_X3.4-1968", encoding.strip(), "the child's file name encoding");

    List<String> expected = List.of("d\\x80ir", "d\\x80ir/f\\xffo", "f\\xffo", "hard", "link",
        "p\\xfeq\\xc3", "\\xc3\\xbcn\\xc3\\xaf");
    assertEquals(expected, printable(RawTar.namesOnDisk(root)));
    assertEquals(List.of("d\\x80ir/", "d\\x80ir/f\\xffo", "f\\xffo", "hard", "link",
            "p\\xfeq\\xc3", "\\xc3\\xbcn\\xc3\\xaf"),
        RawTar.entries(Files.newInputStream(written)).stream()
            .map(RawTar.Entry::printableName).toList());
  }

  @Test
  void opaqueDirectoryWithANonUtf8NameIsFoundInAnUpperDirectory() throws Exception {
    assumeTrue(Privileges.isRoot(), "trusted.* xattrs need root: skipped");
    assumeTrue(ExternalTools.available("getfattr") && ExternalTools.available("setfattr"),
        "needs getfattr and setfattr (apt-get install attr): skipped");
    Path upper = Files.createDirectory(dir.resolve("upper"));
    ExternalTools.output("sh", "-c", "cd '" + upper + "' && for d in \"$(printf 'o\\377')\" "
        + "'back\\slash' \"$(printf 'new\\nline')\"; do mkdir \"$d\" && "
        + "setfattr -n trusted.overlay.opaque -v y \"$d\"; done && mkdir plain");
    List<String> opaque = OverlayDiff.entries(upper).stream()
        .filter(e -> e.type() == LayerEntry.Type.OPAQUE_WHITEOUT)
        .map(e -> RawTar.printable(RawNames.encode(e.path()))).sorted().toList();
    assertEquals(List.of("back\\x5cslash", "new\\x0aline", "o\\xff"), opaque);
  }
}
