package dev.hoist.bench;

import dev.hoist.dockerfile.Dockerfile;
import dev.hoist.dockerfile.DockerfileException;
import dev.hoist.dockerfile.stages.ResolveOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark corpus: the files named, one path a line, in the file given by the system
 * property {@code hoist.bench.files}. Each is read into memory once, as a String.
 */
final class Corpus {
  static final String PROPERTY = "hoist.bench.files";

  final List<String> names = new ArrayList<>();
  final List<String> texts = new ArrayList<>();
  long bytes;

  static Corpus load(String listFile) {
    if (listFile == null || listFile.isBlank()) {
      throw new IllegalStateException("set -D" + PROPERTY + "=FILE (one Dockerfile path a line)");
    }
    Corpus corpus = new Corpus();
    try {
      for (String line : Files.readAllLines(Path.of(listFile), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        Path file = Path.of(line.strip());
        byte[] content = Files.readAllBytes(file);
        corpus.names.add(file.toString());
        corpus.texts.add(new String(content, StandardCharsets.UTF_8));
        corpus.bytes += content.length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (corpus.texts.isEmpty()) {
      throw new IllegalStateException(listFile + " names no files");
    }
    return corpus;
  }

  /** Whether hoist parses {@code text}, and whether its stages resolve with the defaults. */
  static String check(String text, String name) {
    Dockerfile parsed;
    try {
      parsed = Dockerfile.parse(text, name);
    } catch (DockerfileException e) {
      return "parse-error: " + e.getMessage();
    }
    try {
      parsed.stages(ResolveOptions.defaults());
    } catch (DockerfileException e) {
      return "stages-error: " + e.getMessage();
    }
    return "ok";
  }
}
