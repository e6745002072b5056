package dev.hoist.internal.cache.layer;

import static dev.hoist.internal.cache.layer.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.cache.model.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a well-formed layer does to the target. */
class LayerExtractorTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path tempDir;
  private Sandbox box;

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tempDir);
  }

  private static TarBuilder lower() {
    return tar().dir("etc").file("etc/gone", "g").file("etc/stays", "s")
        .dir("var").dir("var/cache").file("var/cache/a", "a").file("var/cache/b", "b")
        .dir("opq").file("opq/old", "old").dir("opq/sub").file("opq/sub/old", "old");
  }

  @Test
  void keepingKindsRefusesADirectoryReplacedByAFileAndTheReverse() throws IOException {
    box.extract(tar().dir("d").file("d/inside", "i").file("f", "f"));
    ExtractOptions keep = ExtractOptions.unprivileged().withKindsKept();
    LayerException file = org.junit.jupiter.api.Assertions.assertThrows(LayerException.class,
        () -> box.extract(tar().file("d", "now a file").bytes(), keep));
    assertTrue(file.getMessage().contains("cannot overwrite directory \"d\" with non-directory"),
        file.getMessage());
    LayerException dir = org.junit.jupiter.api.Assertions.assertThrows(LayerException.class,
        () -> box.extract(tar().dir("f").bytes(), keep));
    assertTrue(dir.getMessage().contains("cannot overwrite non-directory \"f\" with directory"),
        dir.getMessage());
    assertEquals("i", box.read("d/inside"));
    assertEquals("f", box.read("f"));
    // same kinds merge and replace as always; without the option a file replaces a directory
    box.extract(tar().dir("d").file("f", "new").bytes(), keep);
    assertEquals("new", box.read("f"));
    box.extract(tar().file("d", "now a file").bytes(), ExtractOptions.unprivileged());
    assertEquals("now a file", box.read("d"));
  }

    @Test
  void whiteoutsRemoveLowerFilesAndWholeDirectories() throws IOException {
    box.extract(lower());
    ExtractResult result = box.extract(tar().empty("etc/.wh.gone").empty(".wh.var")
        .empty("etc/.wh.never-existed"));
    assertEquals(3, result.whiteoutsApplied());
    assertEquals(0, result.entriesWritten());
    assertFalse(box.exists("etc/gone"));
    assertFalse(box.exists("var"));
    assertEquals("s", box.read("etc/stays"));
    assertFalse(box.exists("etc/.wh.gone"), "whiteouts are never written");
  }

  @Test
  void opaqueDirectoryKeepsOnlyThisLayersEntriesWhereverTheMarkerIs() throws IOException {
    box.extract(lower());
    // the marker comes after siblings this layer adds, including inside a merged subdirectory
    box.extract(tar().file("opq/new", "new").dir("opq/sub").file("opq/sub/new", "new")
        .file("opq/implicit/deep", "deep").empty("opq/.wh..wh..opq"));
    assertEquals("new", box.read("opq/new"));
    assertEquals("new", box.read("opq/sub/new"));
    assertEquals("deep", box.read("opq/implicit/deep"));
    assertFalse(box.exists("opq/old"));
    assertFalse(box.exists("opq/sub/old"), "lower content of a merged directory is hidden too");
    assertFalse(box.exists("opq/.wh..wh..opq"));
  }

  @Test
  void whiteoutNeverRemovesWhatTheSameLayerWrote() throws IOException {
    box.extract(lower());
    box.extract(tar().file("etc/gone", "again").empty("etc/.wh.gone")
        .dir("var/cache").file("var/cache/c", "c").empty("var/.wh.cache"));
    assertEquals("again", box.read("etc/gone"));
    assertEquals("c", box.read("var/cache/c"));
    assertFalse(box.exists("var/cache/a"), "only the lower content of var/cache is hidden");
  }

  @Test
  void hardLinksShareTheInodeOfEarlierOrLowerEntries() throws IOException {
    box.extract(tar().file("lower", "L"));
    ExtractResult result = box.extract(tar().dir("bin").file("bin/busybox", "BB", 0755)
        .hardlink("bin/sh", "bin/busybox").hardlink("/bin/ls", "/bin/busybox")
        .hardlink("again", "lower"));
    assertEquals(5, result.entriesWritten());
    assertTrue(Files.isSameFile(box.root.resolve("bin/sh"), box.root.resolve("bin/busybox")));
    assertTrue(Files.isSameFile(box.root.resolve("bin/ls"), box.root.resolve("bin/busybox")));
    assertTrue(Files.isSameFile(box.root.resolve("again"), box.root.resolve("lower")));
    assertEquals(3, Files.getAttribute(box.root.resolve("bin/busybox"), "unix:nlink"));
  }

  @Test
  void symlinkTargetsAreKeptAsWritten() throws IOException {
    box.extract(tar().symlink("rel", "../x/y").symlink("abs", "/usr/lib/os-release")
        .symlink("dangling", "nowhere").symlink("a/b/c", "../../d"));
    assertEquals("../x/y", Files.readSymbolicLink(box.root.resolve("rel")).toString());
    assertEquals("/usr/lib/os-release",
        Files.readSymbolicLink(box.root.resolve("abs")).toString());
    assertEquals("nowhere", Files.readSymbolicLink(box.root.resolve("dangling")).toString());
    assertEquals("../../d", Files.readSymbolicLink(box.root.resolve("a/b/c")).toString());
  }

  @Test
  void specialModesSurviveOwnershipAsRoot() throws IOException {
    assumeTrue(ExtractOptions.runningAsRoot(), "chown needs root");
    box.extract(tar().file("su", "x", 04755).owner(1000, 1000)
        .file("sg", "x", 02711).owner(0, 50)
        .dir("tmp", 01777).dir("shared", 02775).owner(1000, 1000));
    assertMode(0104755, "su");
    assertEquals(1000, Files.getAttribute(box.root.resolve("su"), "unix:uid"));
    assertEquals(1000, Files.getAttribute(box.root.resolve("su"), "unix:gid"));
    assertMode(0102711, "sg");
    assertEquals(50, Files.getAttribute(box.root.resolve("sg"), "unix:gid"));
    assertMode(041777, "tmp");
    assertMode(042775, "shared");
    assertEquals(1000, Files.getAttribute(box.root.resolve("shared"), "unix:uid"));
  }

  @Test
  void ownershipIsIgnoredWhenNotPreserved() throws IOException {
    int me = (int) Files.getAttribute(box.root, "unix:uid");
    box.extract(tar().file("su", "x", 04755).owner(1234, 1234).bytes(),
        ExtractOptions.unprivileged());
    assertEquals(me, Files.getAttribute(box.root.resolve("su"), "unix:uid"));
    assertMode(0104755, "su");
  }

  @Test
  void modificationTimesIncludingDirectoriesFilledLater() throws IOException {
    FileTime dirTime = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    FileTime fileTime = FileTime.from(Instant.parse("2011-12-13T14:15:16.5Z"));
    box.extract(tar().dir("d", 0555).with(e -> e.setLastModifiedTime(dirTime))
        .file("d/f", "x").with(e -> e.setLastModifiedTime(fileTime))
        .dir("d/sub").file("d/sub/g", "y").symlink("d/link", "f")
        .with(e -> e.setLastModifiedTime(fileTime)).fifo("d/pipe")
        .with(e -> e.setLastModifiedTime(fileTime)));
    assertEquals(dirTime, Files.getLastModifiedTime(box.root.resolve("d"), NOFOLLOW));
    assertEquals(fileTime, Files.getLastModifiedTime(box.root.resolve("d/f"), NOFOLLOW));
    assertEquals(fileTime, Files.getLastModifiedTime(box.root.resolve("d/link"), NOFOLLOW));
    assertEquals(fileTime, Files.getLastModifiedTime(box.root.resolve("d/pipe"), NOFOLLOW));
    assertEquals(TarBuilder.DEFAULT_MTIME,
        Files.getLastModifiedTime(box.root.resolve("d/sub"), NOFOLLOW));
    assertMode(040555, "d");
  }

  @Test
  void longNamesAndLinkTargetsThroughPaxHeaders() throws IOException {
    String dir = "a".repeat(90) + "/" + "b".repeat(90);
    String file = dir + "/" + "c".repeat(120) + "-é.txt";
    box.extract(tar().dir(dir).file(file, "long").symlink("short", file)
        .hardlink("hard-" + "d".repeat(110), file));
    assertEquals("long", box.read(file));
    assertEquals(file, Files.readSymbolicLink(box.root.resolve("short")).toString());
    assertEquals("long", box.read("hard-" + "d".repeat(110)));
  }

  @Test
  void userAndTrustedXattrsFromPaxHeaders() throws IOException {
    ExtractResult result = box.extract(tar().file("f", "x").xattr("user.origin", "hoist")
        .xattr("trusted.hoist.test", "y").xattr("security.selinux", "ctx"));
    UserDefinedFileAttributeView view = Files.getFileAttributeView(box.root.resolve("f"),
        UserDefinedFileAttributeView.class);
    ByteBuffer value = ByteBuffer.allocate(64);
    view.read("origin", value);
    assertEquals("hoist", new String(value.array(), 0, value.position(), StandardCharsets.UTF_8));
    assertTrue(result.warnings().contains("f: xattr security.selinux is not applied "
        + "(unsupported namespace)"), result.warnings().toString());
    if (ExtractOptions.runningAsRoot() && Commands.available("setfattr")) {
      assertEquals(1, result.warnings().size(), result.warnings().toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void detectsCompressionAndComputesTheDiffId(Compression compression) throws IOException {
    TarBuilder layer = tar().dir("d").file("d/f", "hello").symlink("l", "d/f");
    byte[] blob = switch (compression) {
      case NONE -> layer.bytes();
      case GZIP -> layer.gzip();
      case ZSTD -> layer.zstd();
    };
    ExtractResult result = box.extract(blob);
    byte[] tar = layer.bytes();
    assertEquals(Digest.sha256(tar), result.diffId());
    assertEquals(tar.length, result.tarSize());
    assertEquals(3, result.entriesWritten());
    assertEquals(5, result.bytesWritten());
    assertEquals("hello", box.read("d/f"));
  }

  @Test
  void diffIdCoversPaddingAfterTheEndOfArchive() throws IOException {
    byte[] tar = tar().file("f", "x").bytes();
    byte[] padded = java.util.Arrays.copyOf(tar, tar.length + 10240);
    assertEquals(Digest.sha256(padded), box.extract(padded).diffId());
  }

  @Test
  void replacementRules() throws IOException {
    box.extract(tar().file("file", "old").symlink("link", "file").file("todir", "f")
        .dir("merge").file("merge/lower", "lower"));
    box.extract(tar().file("file", "new").file("link", "now a file").dir("todir")
        .dir("merge").file("merge/upper", "upper"));
    assertEquals("new", box.read("file"));
    assertEquals("now a file", box.read("link"));
    assertTrue(Files.isDirectory(box.root.resolve("todir"), NOFOLLOW));
    assertEquals("lower", box.read("merge/lower"));
    assertEquals("upper", box.read("merge/upper"));
  }

  @Test
  void fifosAreCreated() throws IOException {
    box.extract(tar().fifo("run/pipe").with(e -> e.setMode(0620)));
    assertTrue(box.isSpecial("run/pipe"));
    assertMode(010620, "run/pipe");
    try (Stream<Path> run = Files.list(box.root.resolve("run"))) {
      assertEquals(1, run.count());
    }
  }

  private void assertMode(int expected, String relative) throws IOException {
    int mode = (int) Files.getAttribute(box.root.resolve(relative), "unix:mode", NOFOLLOW);
    assertEquals(Integer.toOctalString(expected), Integer.toOctalString(mode), relative);
  }
}
