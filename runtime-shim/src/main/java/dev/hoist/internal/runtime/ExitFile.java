package dev.hoist.internal.runtime;

import dev.hoist.internal.cache.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A container's exit file, {@code CODE\nFINISHED-AT\n}, then {@code oom-killed\n} when the
 * kernel's OOM killer killed one of its processes: written by the monitor's exit step (or by
 * {@code hoist-monitor.c} itself, without the third line, when the step could not write it),
 * and by the hoist process that waited for a foreground one.
 */
final class ExitFile {
  private static final String OOM_KILLED = "oom-killed";

  /** The exit on record. */
  record Exit(int code, String finishedAt, boolean oomKilled) {
    /** {@code state} exited as this says. */
    ContainerState of(ContainerState state) {
      return state.exited(code, finishedAt, oomKilled);
    }
  }

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
          lines.length > 1 ? lines[1].trim() : null,
          lines.length > 2 && lines[2].trim().equals(OOM_KILLED)));
    } catch (NumberFormatException e) {
      throw new IOException(file + " does not hold an exit status: " + text.trim());
    }
  }

  /**
   * Writes the exit file atomically, unless the container's directory is gone (removed while it
   * ran): a removed container is never brought back by its exit.
   */
  static void write(Path file, int code, String finishedAt, boolean oomKilled)
      throws IOException {
    byte[] text = (code + "\n" + finishedAt + "\n" + (oomKilled ? OOM_KILLED + "\n" : ""))
        .getBytes(StandardCharsets.UTF_8);
    try {
      // not synced, as the state records of a run (ContainerStore#replace): a crash ends the run
      AtomicFiles.writeUnsynced(file, text, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (NoSuchFileException removed) {
      // rm -f removed the container meanwhile
    }
  }
}
