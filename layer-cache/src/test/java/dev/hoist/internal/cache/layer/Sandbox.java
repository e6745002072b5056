package dev.hoist.internal.cache.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary directory holding an extraction {@code root} and, beside it, a {@code canary}
 * directory that no layer may touch.
 */
final class Sandbox {
  static final String CANARY_CONTENT = "original";

  final Path root;
  final Path canary;

  Sandbox(Path tempDir) throws IOException {
    this.root = Files.createDirectory(tempDir.resolve("root"));
    this.canary = Files.createDirectory(tempDir.resolve("canary"));
    Files.writeString(canary.resolve("keep"), CANARY_CONTENT);
  }

  /** The canary's absolute path, for archives that aim at it. */
  String canaryPath() {
    return canary.toString();
  }

  ExtractResult extract(byte[] layer) throws IOException {
    return extract(layer, ExtractOptions.forCurrentUser());
  }

  ExtractResult extract(byte[] layer, ExtractOptions options) throws IOException {
    return new LayerExtractor(options).extract(new ByteArrayInputStream(layer), root);
  }

  ExtractResult extract(TarBuilder layer) throws IOException {
    return extract(layer.bytes());
  }

  /** Extracts expecting a refusal, and returns its message. */
  String refused(TarBuilder layer) {
    return assertThrows(LayerException.class, () -> extract(layer)).getMessage();
  }

  String read(String relative) throws IOException {
    return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
  }

  boolean exists(String relative) {
    return Files.exists(root.resolve(relative), LinkOption.NOFOLLOW_LINKS);
  }

  /** Whether {@code relative} is a device node or FIFO (not followed if a symlink). */
  boolean isSpecial(String relative) throws IOException {
    return Files.readAttributes(root.resolve(relative), BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS).isOther();
  }

  /** The canary holds exactly its one file, unchanged and not hard-linked from anywhere. */
  void assertCanaryUntouched() throws IOException {
    try (Stream<Path> children = Files.list(canary)) {
      assertEquals(List.of(canary.resolve("keep")), children.toList(), "canary contents");
    }
    assertEquals(CANARY_CONTENT, Files.readString(canary.resolve("keep")));
    assertEquals(1, Files.getAttribute(canary.resolve("keep"), "unix:nlink"), "canary links");
    try (Stream<Path> siblings = Files.list(root.getParent())) {
      assertEquals(2, siblings.count(), "nothing created beside the root");
    }
  }
}
