package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

  /**
   * Writes the exit file atomically, unless the container's directory is gone (removed while it
   * ran): a removed container is never brought back by its exit.
   */
  static void write(Path file, int code, String finishedAt) throws IOException {
    Path temp = AtomicFiles.tempBeside(file);
    try {
      Files.writeString(temp, code + "\n" + finishedAt + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      // not synced, as the state records of a run (ContainerStore#replace): a crash ends the run
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException removed) {
      // rm -f removed the container meanwhile
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
