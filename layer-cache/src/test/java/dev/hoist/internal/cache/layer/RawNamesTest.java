package dev.hoist.internal.cache.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.fixtures.RawTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawNamesTest {
  @TempDir Path dir;

  @Test
  void everyByteStringSurvivesDecodeAndEncode() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(12)];
      random.nextBytes(bytes);
      assertArrayEquals(bytes, RawNames.encode(RawNames.decode(bytes)), RawTar.printable(bytes));
    }
    // a 4-byte character whose low surrogate lies in the escapes' range stays a character
    String emoji = new String(Character.toChars(0x1F380), 0, 2);
    assertFalse(RawNames.hasEscapes(emoji));
    assertArrayEquals(emoji.getBytes(StandardCharsets.UTF_8), RawNames.encode(emoji));
  }

  @Test
  void validUtf8DecodesAsUsualAndOtherBytesAsEscapes() {
    assertEquals("\u00fcn\u00ef", RawNames.decode(RawTar.bytes("\u00fcn\u00ef")));
    assertEquals("a\uDCFFb\uDCC3", RawNames.decode(RawTar.bytes("a\\xffb\\xc3")));
    assertTrue(RawNames.hasEscapes("a\uDCFFb"));
  }

  @Test
  void pathsKeepTheBytesBothWays() throws Exception {
    String name = RawNames.decode(RawTar.bytes("x\\xff\\xfey"));
    Path file = RawNames.resolve(dir, "sub/" + name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "content");
    List<String> listed = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(file.getParent())) {
      children.forEach(child -> listed.add(RawNames.name(child.getFileName())));
    }
    assertEquals(List.of(name), listed);
    assertEquals(List.of("sub", "sub/x\\xff\\xfey"),
        RawTar.namesOnDisk(dir).stream().map(RawTar::printable).toList());
    assertArrayEquals(RawTar.bytes("sub/x\\xff\\xfey"),
        RawNames.bytes(dir.relativize(file)));
    assertEquals(RawNames.path("a//b/" + name + "/"), RawNames.path("a/b/" + name));
    assertEquals("a/b/" + name, RawNames.name(RawNames.path("a//b/" + name + "/")));
    assertTrue(RawNames.path("/abs/" + name).isAbsolute());
    assertFalse(RawNames.isExact(file));
    assertTrue(RawNames.isExact(dir));
  }
}
