package com.example.hoistdemo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of docs/java-api.md is an excerpt of a compiled source of this example
 * (its main or {@link ApiSnippets}), lines compared without their indentation: the document
 * cannot show code that does not compile against the API.
 */
class DocSnippetsTest {
  private static final Path DOC = Path.of("../../docs/java-api.md");

  @Test
  void everyJavaBlockOfTheDocumentIsInACompiledSource() throws IOException {
    String sources = normalized(Files.readString(
        Path.of("src/main/java/com/example/hoistdemo/HoistExample.java")))
        + "\n" + normalized(Files.readString(
            Path.of("src/test/java/com/example/hoistdemo/ApiSnippets.java")));
    List<String> blocks = javaBlocks(Files.readString(DOC));
    assertFalse(blocks.isEmpty(), "docs/java-api.md has Java blocks");
    for (String block : blocks) {
      assertTrue(sources.contains(normalized(block)),
          "not in HoistExample.java or ApiSnippets.java:\n" + block);
    }
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.strip().equals("```java")) {
        current = new StringBuilder();
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static String normalized(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
