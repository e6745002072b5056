package dev.hoist.internal.cache.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoist.fixtures.ExternalTools;
import dev.hoist.fixtures.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real overlay mount's upper directory read as a layer (root and getfattr only). */
class OverlayDiffTest {
  @TempDir Path dir;

  @Test
  void deletionsBecomeWhiteoutsAndReplacedDirectoriesOpaque() throws Exception {
    assumeTrue(Privileges.isRoot(), "overlay mounts need root: skipped");
    assumeTrue(ExternalTools.available("getfattr"), "needs getfattr (apt-get install attr): skipped");
    Path lower = Files.createDirectories(dir.resolve("lower"));
    Files.writeString(lower.resolve("gone.txt"), "old");
    Files.createDirectories(lower.resolve("replaced/sub"));
    Files.writeString(lower.resolve("replaced/sub/old.txt"), "old");
    Files.createDirectories(lower.resolve("kept"));
    Files.writeString(lower.resolve("kept/file.txt"), "same");
    Path upper = Files.createDirectories(dir.resolve("upper"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Path merged = Files.createDirectories(dir.resolve("merged"));
    ExternalTools.output("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lower
        + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
    try {
      Files.delete(merged.resolve("gone.txt"));
      ExternalTools.output("rm", "-rf", merged.resolve("replaced").toString());
      Files.createDirectories(merged.resolve("replaced"));
      Files.writeString(merged.resolve("replaced/new.txt"), "new");
      Files.writeString(merged.resolve("added.txt"), "added");
    } finally {
      ExternalTools.output("umount", merged.toString());
    }
    List<LayerEntry> entries = OverlayDiff.entries(upper);
    Map<String, LayerEntry.Type> byPath = new TreeMap<>();
    for (LayerEntry e : entries) {
      byPath.put(e.path() + (e.type() == LayerEntry.Type.OPAQUE_WHITEOUT ? "#opaque" : ""),
          e.type());
    }
    assertEquals(Map.of(
        "added.txt", LayerEntry.Type.FILE,
        "gone.txt", LayerEntry.Type.WHITEOUT,
        "replaced", LayerEntry.Type.DIRECTORY,
        "replaced#opaque", LayerEntry.Type.OPAQUE_WHITEOUT,
        "replaced/new.txt", LayerEntry.Type.FILE), byPath);
    // and the writer turns them into OCI names
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    LayerWriter.builder().compression(Compression.NONE).build().write(entries, out);
    String tar = out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals(true, tar.contains(".wh.gone.txt") && tar.contains("replaced/.wh..wh..opq"));
  }
}
