package dev.hoist.runtime;

import dev.hoist.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container's exit file, {@code CODE\nFINISHED-AT\n}: written by the monitor
 * ({@code hoist-monitor.c}) for detached containers, and by the hoist process that waited for a
 * foreground one.
 */
final class ExitFile {
  record Exit(int code, String finishedAt) {}

  private ExitFile() {}

  static Optional<Exit> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String[] lines = text.split("\n");
    try {
      return Optional.of(new Exit(Integer.parseInt(lines[0].trim()),
          lines.length > 1 ? lines[1].trim() : null));
    } catch (NumberFormatException e) {
      throw new IOException(file + " does not hold an exit status: " + text.trim());
    }
  }

  static void write(Path file, int code, String finishedAt) throws IOException {
    AtomicFiles.write(file, (code + "\n" + finishedAt + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
