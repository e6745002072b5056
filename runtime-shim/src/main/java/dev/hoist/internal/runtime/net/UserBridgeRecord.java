package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Which network a user bridge was made for: {@code /run/hoist/bridges/<bridge>}, holding the
 * home and the network's ID, written once the network's record is in its home (beside, not in,
 * the bridge's allocation directory, which holds addresses and its lock only). Bridges are
 * the machine's and homes are many (each test has its own), so only this file tells a bridge
 * whose network was removed without it (a crash, a home deleted) from another home's network:
 * {@link #orphaned} is true only when the file is there and the network's record is not.
 */
final class UserBridgeRecord {
  static final Path DIR = BridgeNetwork.STATE_ROOT.getParent().resolve("bridges");

  private UserBridgeRecord() {}

  /** Records that {@code n}'s bridge belongs to {@code n} of the home at {@code home}. */
  static void write(UserNetwork n, Path home) throws IOException {
    Files.createDirectories(DIR);
    Path tmp = DIR.resolve(n.bridge() + ".tmp");
    Files.writeString(tmp, "home=" + home.toAbsolutePath().normalize() + "\nid=" + n.id() + "\n",
        StandardCharsets.UTF_8);
    Files.move(tmp, DIR.resolve(n.bridge()), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** The bridges records are kept for. */
  static java.util.List<String> bridges() throws IOException {
    return BridgeNetwork.names(DIR).stream().filter(b -> !b.endsWith(".tmp")).toList();
  }

  /** Deletes {@code bridge}'s record. */
  static void delete(String bridge) throws IOException {
    Files.deleteIfExists(DIR.resolve(bridge));
  }

  /** Whether {@code bridge} was made for a network that is gone. */
  static boolean orphaned(String bridge) throws IOException {
    Path file = DIR.resolve(bridge);
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

  /** Deletes a bridge's allocation directory (its addresses and lock). */
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
