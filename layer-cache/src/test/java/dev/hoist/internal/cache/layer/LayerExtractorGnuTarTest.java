package dev.hoist.internal.cache.layer;

import static dev.hoist.internal.cache.layer.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On an ordinary layer, the extractor builds the same tree as GNU {@code tar -x}. */
class LayerExtractorGnuTarTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path tempDir;

  @Test
  void sameTreeAsGnuTar() throws Exception {
    assumeTrue(Commands.available("tar"), "GNU tar is not installed");
    String longName = "usr/share/" + "x".repeat(120) + "/" + "y".repeat(80);
    Path layer = tar().dir("bin").file("bin/busybox", "BUSYBOX", 0755)
        .hardlink("bin/sh", "bin/busybox").symlink("bin/ls", "busybox")
        .file("bin/su", "su", 04755).dir("tmp", 01777).dir("etc", 0750)
        .file("etc/shadow", "root:*:", 0640).symlink("etc/mtab", "/proc/self/mounts")
        .dir("usr/share", 0755).file(longName, "long", 0444)
        .file("var/lib/implicit", "parents left out").fifo("run/initctl")
        .dir("ro", 0555).file("ro/f", "read-only dir filled after").writeTo(
            tempDir.resolve("layer.tar"));

    Path gnu = Files.createDirectory(tempDir.resolve("gnu"));
    Commands.run(List.of("tar", "-x", "-p", "-f", layer.toString(), "-C", gnu.toString()));
    Path ours = Files.createDirectory(tempDir.resolve("ours"));
    new LayerExtractor().extract(layer, ours);

    assertEquals(describe(gnu), describe(ours));
  }

  /** Every path below {@code root} with its type, mode, size, link target and link count. */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.equals(root)) {
          continue;
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        String mode = Integer.toOctalString((int) Files.getAttribute(path, "unix:mode", NOFOLLOW));
        String description = mode + " nlink=" + Files.getAttribute(path, "unix:nlink", NOFOLLOW)
            + (a.isRegularFile() ? " size=" + a.size() : "")
            + (a.isSymbolicLink() ? " -> " + Files.readSymbolicLink(path) : "")
            + (a.isDirectory() ? "" : " mtime=" + a.lastModifiedTime());
        tree.put(root.relativize(path).toString(), description);
      }
    }
    return tree;
  }
}
