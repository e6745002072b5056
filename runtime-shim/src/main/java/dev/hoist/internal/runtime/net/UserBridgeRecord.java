package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Which network a user bridge was made for: {@code /run/hoist/networks/<bridge>/network}, holding
 * the home and the network's ID, written once the network's record is in its home. Bridges are
 * the machine's and homes are many (each test has its own), so only this file tells a bridge
 * whose network was removed without it (a crash, a home deleted) from another home's network:
 * {@link #orphaned} is true only when the file is there and the network's record is not.
 */
final class UserBridgeRecord {
  static final String FILE = "network";

  private UserBridgeRecord() {}

  /** Records that {@code n}'s bridge belongs to {@code n} of the home at {@code home}. */
  static void write(UserNetwork n, Path home) throws IOException {
    Path dir = n.stateDir();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.writeString(tmp, "home=" + home.toAbsolutePath().normalize() + "\nid=" + n.id() + "\n",
        StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Whether the bridge of state directory {@code dir} was made for a network that is gone. */
  static boolean orphaned(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return false; // made before records were kept, or being made: not ours to judge
    }
    String home = null;
    String id = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("home=")) {
        home = line.substring(5);
      } else if (line.startsWith("id=")) {
        id = line.substring(3);
      }
    }
    if (home == null || id == null || !id.matches("[0-9a-f]{64}")) {
      return false;
    }
    return !Files.exists(Path.of(home, "networks", id + ".json"));
  }

  /** Deletes a bridge's state directory (its addresses, lock and record). */
  static void deleteStateDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
