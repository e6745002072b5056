package dev.hoist.internal.cache.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of temporary files and directories that say which process writes them
 * ({@code .tmp-<pid>-<uuid>[-<name>]}), so that those a killed process left behind (a crashed
 * {@code save}, a build killed while it wrote a blob or unpacked a snapshot) can be removed
 * the next time: an entry goes once its process is gone and it has not changed for a minute
 * (the minute spares a writer in another PID namespace sharing the store).
 */
public final class TempFiles {
  private static final Pattern OWNED = Pattern.compile(
      Pattern.quote(AtomicFiles.TEMP_PREFIX) + "(\\d+)-[0-9a-f-]{36}(-.*)?");
  private static final Duration QUIET = Duration.ofMinutes(1);

  private TempFiles() {}

  /** A new temporary name owned by this process: {@code .tmp-<pid>-<uuid>}. */
  public static String name() {
    return AtomicFiles.TEMP_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
  }

  /** A new temporary name for {@code target}'s content, to be renamed to it. */
  public static String nameFor(String target) {
    return name() + "-" + target;
  }

  /**
   * Removes the temporary entries in {@code dir} whose process is gone (for {@code target}'s
   * only, when it is not null); best effort. Returns how many it removed.
   */
  public static int removeAbandoned(Path dir, String target) {
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
        AtomicFiles.TEMP_PREFIX + "*")) {
      for (Path entry : entries) {
        try {
          if (isAbandoned(entry, target)) {
            Trees.delete(entry);
            removed++;
          }
        } catch (IOException e) {
          // best effort: another process may be removing the same entry; the others still go
        }
      }
    } catch (IOException e) {
      // the directory cannot be listed: nothing removed
    }
    return removed;
  }

  /**
   * Removes the entries of {@code dir} named as {@code shape} says (a whole-name match, never one
   * of {@link #name}'s, whose owner is known) that have not changed for a minute: temporary names
   * of earlier versions, which do not say their owner. One such owner still at work races this
   * and whichever comes second fails on that one entry only. Best effort: how many it removed.
   */
  public static int removeQuietUnowned(Path dir, Pattern shape) {
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Instant quiet = Instant.now().minus(QUIET);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
        AtomicFiles.TEMP_PREFIX + "*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        try {
          if (shape.matcher(name).matches() && !OWNED.matcher(name).matches()
              && Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant()
                  .isBefore(quiet)) {
            Trees.delete(entry);
            removed++;
          }
        } catch (IOException e) {
          // best effort: another process may be removing the same entry; the others still go
        }
      }
    } catch (IOException e) {
      // the directory cannot be listed: nothing removed
    }
    return removed;
  }

  private static boolean isAbandoned(Path entry, String target) throws IOException {
    Matcher m = OWNED.matcher(entry.getFileName().toString());
    if (!m.matches() || (target != null && !("-" + target).equals(m.group(2)))) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    return Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant()
        .isBefore(Instant.now().minus(QUIET));
  }
}
