package dev.hoist.internal.cache.layer;

import static dev.hoist.internal.cache.layer.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile archives: each is refused or made harmless, and nothing outside the root changes. */
class LayerExtractorSecurityTest {
  private static final String MARKER = "pwned";

  @TempDir Path tempDir;
  private Sandbox box;

  @BeforeEach
  void setUp() throws IOException {
    box = new Sandbox(tempDir);
  }

  @Test
  void dotDotEscapeIsRefused() throws IOException {
    String message = box.refused(tar().file("../../etc/passwd", MARKER));
    assertEquals("layer entry \"../../etc/passwd\": path \"../../etc/passwd\" climbs out of the "
        + "extraction root with '..'", message);
    assertFalse(Files.readString(Path.of("/etc/passwd")).contains(MARKER));
    box.assertCanaryUntouched();
  }

  @Test
  void dotDotEscapeHiddenInsideThePathIsRefused() throws IOException {
    String message = box.refused(tar().file("a/../../canary/keep", MARKER));
    assertTrue(message.contains("climbs out of the extraction root"), message);
    box.assertCanaryUntouched();
  }

  @Test
  void absoluteNameIsTakenRelativeToTheRoot() throws IOException {
    box.extract(tar().file("/abs/path", "inside").file(box.canaryPath() + "/keep", MARKER));
    assertEquals("inside", box.read("abs/path"));
    assertEquals(MARKER, box.read(box.canaryPath().substring(1) + "/keep"));
    box.assertCanaryUntouched();
  }

  @Test
  void symlinkToEtcThenWriteThroughItStaysInTheRoot() throws IOException {
    box.extract(tar().symlink("evil", "/etc").file("evil/passwd", MARKER));
    assertEquals("/etc", Files.readSymbolicLink(box.root.resolve("evil")).toString());
    assertEquals(MARKER, box.read("etc/passwd"));
    assertFalse(Files.readString(Path.of("/etc/passwd")).contains(MARKER));
    box.assertCanaryUntouched();
  }

  @Test
  void symlinkToTheCanaryThenWriteThroughItStaysInTheRoot() throws IOException {
    box.extract(tar().symlink("evil", box.canaryPath()).file("evil/keep", MARKER));
    assertEquals(MARKER, box.read(box.canaryPath().substring(1) + "/keep"));
    box.assertCanaryUntouched();
  }

  @Test
  void relativeSymlinkClimbingOutIsClampedAtTheRoot() throws IOException {
    box.extract(tar().symlink("evil", "../../..").file("evil/x", MARKER)
        .symlink("sneaky", "../canary").file("sneaky/keep", MARKER));
    assertEquals(MARKER, box.read("x"));
    assertEquals(MARKER, box.read("canary/keep"));
    box.assertCanaryUntouched();
  }

  @Test
  void hardLinkClimbingOutIsRefused() throws IOException {
    String message = box.refused(tar().hardlink("h", "../../outside"));
    assertEquals("layer entry \"h\": hard link target \"../../outside\" climbs out of the "
        + "extraction root with '..'", message);
    assertTrue(box.refused(tar().hardlink("h", "../canary/keep")).contains("climbs out"));
    assertFalse(box.exists("h"));
    box.assertCanaryUntouched();
  }

  @Test
  void absoluteHardLinkTargetIsRootRelative() throws IOException {
    String message = box.refused(tar().hardlink("h", box.canaryPath() + "/keep"));
    assertEquals("layer entry \"h\": hard link target \"" + box.canaryPath()
        + "/keep\" does not exist in the extraction root", message);
    assertTrue(box.refused(tar().hardlink("p", "/etc/passwd")).contains("does not exist"));
    box.assertCanaryUntouched();

    box.extract(tar().dir("etc").file("etc/passwd", "root:x:0:0").hardlink("p", "/etc/passwd"));
    assertEquals("root:x:0:0", box.read("p"));
    assertEquals(2, Files.getAttribute(box.root.resolve("p"), "unix:nlink"));
  }

  @Test
  void hardLinkThroughASymlinkedParentIsRootRelative() throws IOException {
    String message = box.refused(tar().symlink("evil", box.canaryPath()).hardlink("h",
        "evil/keep"));
    assertTrue(message.contains("does not exist in the extraction root"), message);
    box.assertCanaryUntouched();
  }

  @Test
  void directorySwappedForASymlinkIsMadeHarmless() throws IOException {
    // as containerd does: the symlink replaces the directory, and what is written "through"
    // it resolves inside the root
    box.extract(tar().dir("d").symlink("d", box.canaryPath()).file("d/file", MARKER));
    assertTrue(Files.isSymbolicLink(box.root.resolve("d")));
    assertEquals(MARKER, box.read(box.canaryPath().substring(1) + "/file"));
    box.assertCanaryUntouched();
  }

  @Test
  void fileReplacesALowerDirectory() throws IOException {
    box.extract(tar().dir("x").file("x/inner", "lower"));
    box.extract(tar().file("x", "now a file"));
    assertEquals("now a file", box.read("x"));
  }

  @Test
  void symlinkSwappedInAfterAWhiteoutIsStillResolvedInsideTheRoot() throws IOException {
    box.extract(tar().dir("d").file("d/lower", "lower"));
    box.extract(tar().empty(".wh.d").symlink("d", "/tmp").file("d/file", MARKER));
    assertTrue(Files.isSymbolicLink(box.root.resolve("d")));
    assertEquals(MARKER, box.read("tmp/file"));
    assertFalse(Files.exists(Path.of("/tmp/file")) && Files.readString(Path.of("/tmp/file"))
        .equals(MARKER));
    box.assertCanaryUntouched();
  }

  @Test
  void directoryOverASymlinkReplacesTheSymlink() throws IOException {
    box.extract(tar().symlink("d", box.canaryPath()).dir("d").file("d/keep", MARKER));
    assertTrue(Files.isDirectory(box.root.resolve("d"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(MARKER, box.read("d/keep"));
    box.assertCanaryUntouched();
  }

  @Test
  void fileOverASymlinkReplacesTheLinkNotItsTarget() throws IOException {
    box.extract(tar().symlink("l", box.canaryPath() + "/keep"));
    box.extract(tar().file("l", MARKER));
    assertFalse(Files.isSymbolicLink(box.root.resolve("l")));
    assertEquals(MARKER, box.read("l"));
    box.assertCanaryUntouched();
  }

  @Test
  void whiteoutOfDotDotIsRefused() throws IOException {
    box.extract(tar().dir("a").file("a/x", "x"));
    String message = box.refused(tar().empty("a/.wh..."));
    assertEquals("layer entry \"a/.wh...\": whiteout names \"..\", which is not a file name; "
        + "a whiteout can only hide a sibling", message);
    assertTrue(box.refused(tar().empty(".wh..")).contains("not a file name"));
    assertTrue(box.refused(tar().empty("a/.wh.")).contains("not a file name"));
    assertEquals("layer entry \".wh.../..\": would replace the extraction root itself",
        box.refused(tar().empty(".wh.../..")));
    assertEquals("x", box.read("a/x"));
    box.assertCanaryUntouched();
  }

  @Test
  void whiteoutClimbingOutIsRefused() throws IOException {
    String message = box.refused(tar().empty("../canary/.wh.keep"));
    assertTrue(message.contains("climbs out of the extraction root"), message);
    box.assertCanaryUntouched();
  }

  @Test
  void whiteoutsThroughASymlinkStayInTheRoot() throws IOException {
    box.extract(tar().symlink("evil", box.canaryPath()).symlink("up", "..")
        .symlink("link", box.canaryPath() + "/keep"));
    ExtractResult result = box.extract(tar().empty("evil/.wh.keep").empty("up/canary/.wh.keep")
        .empty("evil/.wh..wh..opq").empty(".wh.link"));
    assertEquals(4, result.whiteoutsApplied());
    assertFalse(box.exists("link"), "the symlink itself is whited out");
    box.assertCanaryUntouched();
  }

  @Test
  void entryReplacingTheRootIsRefused() throws IOException {
    int modeBefore = (int) Files.getAttribute(box.root, "unix:mode");
    box.extract(tar().dir("./", 0777).dir("/", 0700));
    assertEquals(modeBefore, Files.getAttribute(box.root, "unix:mode"), "root dir entries ignored");
    assertEquals("layer entry \".\": would replace the extraction root itself",
        box.refused(tar().symlink(".", box.canaryPath())));
    assertTrue(box.refused(tar().file("a/..", MARKER)).endsWith("replace the extraction root itself"));
    assertTrue(Files.isDirectory(box.root, LinkOption.NOFOLLOW_LINKS));
    box.assertCanaryUntouched();
  }

  @Test
  void deviceNodesAreSkippedWhenUnprivileged() throws IOException {
    ExtractResult result = box.extract(tar().charDevice("dev/null", 1, 3)
        .blockDevice("dev/sda", 8, 0).fifo("dev/fifo").bytes(), ExtractOptions.unprivileged());
    assertEquals(2, result.warnings().size());
    assertEquals("dev/null: device node skipped (creating devices needs root)",
        result.warnings().get(0));
    assertFalse(box.exists("dev/null"));
    assertFalse(box.exists("dev/sda"));
    assertTrue(box.isSpecial("dev/fifo"), "FIFOs need no privilege");
    box.assertCanaryUntouched();
  }

  @Test
  void deviceNodesAreCreatedAsRoot() throws IOException {
    assumeTrue(ExtractOptions.runningAsRoot(), "mknod needs root");
    box.extract(tar().charDevice("dev/null", 1, 3).with(e -> e.setMode(0666)));
    Path node = box.root.resolve("dev/null");
    assertTrue(box.isSpecial("dev/null"));
    assertEquals(020666, Files.getAttribute(node, "unix:mode"));
    assertEquals(TarBuilder.DEFAULT_MTIME, Files.getLastModifiedTime(node));
    assertEquals((1L << 8) | 3, Files.getAttribute(node, "unix:rdev"));
    box.assertCanaryUntouched();
  }

  @Test
  void symlinkLoopIsRefused() throws IOException {
    String message = box.refused(tar().symlink("a", "b").symlink("b", "a").file("a/x", MARKER));
    assertEquals("layer entry \"a/x\": too many levels of symbolic links resolving \"a\"",
        message);
    box.assertCanaryUntouched();
  }

  @Test
  void fileUsedAsAParentIsRefused() throws IOException {
    String message = box.refused(tar().file("f", "x").file("f/x", MARKER));
    assertEquals("layer entry \"f/x\": parent \"f\" is not a directory", message);
  }

  /**
   * overlayfs's own xattrs in a layer would change what the layers below show (an opaque mark
   * hides them, a redirect points a directory elsewhere): they are never applied.
   */
  @Test
  void overlayXattrsAreStripped() throws Exception {
    assumeTrue(ExtractOptions.runningAsRoot(), "trusted.* xattrs need root: skipped");
    assumeTrue(Commands.available("setfattr") && Commands.available("getfattr"),
        "needs setfattr and getfattr (apt-get install attr): skipped");
    ExtractResult result = box.extract(tar().dir("d").xattr("trusted.overlay.opaque", "y")
        .xattr("trusted.overlay.redirect", "/etc").xattr("trusted.hoist.kept", "1")
        .file("f", "x").xattr("trusted.overlay.metacopy", "x"));
    Process p = new ProcessBuilder("getfattr", "--no-dereference", "--absolute-names", "-d",
        "-m", "trusted\\.", box.root.resolve("d").toString(), box.root.resolve("f").toString())
        .redirectErrorStream(true).start();
    String attrs = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    assertFalse(attrs.contains("trusted.overlay"), attrs);
    assertTrue(attrs.contains("trusted.hoist.kept"), "other trusted xattrs stay: " + attrs);
    assertTrue(result.warnings().contains("d/: xattr trusted.overlay.opaque is not applied "
        + "(overlayfs's own)"), result.warnings().toString());
  }
}
