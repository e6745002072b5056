package dev.hoist.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's (or volume's) labels as Docker's {@code --label} and {@code --label-file} give
 * them: {@code KEY=VALUE}, or {@code KEY} alone for an empty value; a label file holds one per
 * line, blank lines and lines starting with {@code #} skipped (docker's {@code
 * opts.ReadKVStrings}). Files are read first, then the flags, a later key replacing an earlier
 * one. On a container they are merged over the image's labels, as Docker's create does.
 */
public final class ContainerLabels {
  private ContainerLabels() {}

  /**
   * The labels {@code files} (in order) and then {@code flags} give.
   *
   * @throws IllegalArgumentException for an empty key or a file that cannot be read
   */
  public static Map<String, String> parse(List<Path> files, List<String> flags) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Path file : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("open " + file + ": no such file or directory");
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read label file " + file + ": "
            + e.getMessage());
      }
      for (String line : lines) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        put(labels, line, "label file " + file);
      }
    }
    for (String flag : flags) {
      put(labels, flag, "--label");
    }
    return labels;
  }

  private static void put(Map<String, String> labels, String entry, String where) {
    int eq = entry.indexOf('=');
    String key = eq < 0 ? entry : entry.substring(0, eq);
    if (key.strip().isEmpty()) {
      throw new IllegalArgumentException("invalid label '" + entry + "' in " + where
          + ": the key is empty");
    }
    labels.put(key, eq < 0 ? "" : entry.substring(eq + 1));
  }

  /** {@code image}'s labels (null: none) with {@code given} over them, sorted by key. */
  public static Map<String, String> merge(Map<String, String> image, Map<String, String> given) {
    Map<String, String> merged = new TreeMap<>();
    if (image != null) {
      merged.putAll(image);
    }
    merged.putAll(given);
    return merged;
  }
}
