package dev.hoist.cli;

import dev.hoist.cache.model.Digest;
import java.security.MessageDigest;
import java.util.Set;

/**
 * SHA-256 runs at about 1.3 GB/s once C2 has compiled it (with the CPU's SHA instructions), but
 * ten times slower before, interpreted or from C1: a fresh JVM hashes its first megabytes of
 * every transfer slowly. For the commands that move blobs, a daemon thread hashes a few
 * megabytes of zeros while picocli starts and the manifest is fetched, so the compiled digest
 * is ready by the time the layers arrive.
 */
final class DigestWarmUp {
  private static final Set<String> COMMANDS = Set.of("pull", "push", "copy", "load", "save");
  private static final int ROUNDS = 64; // 2 MiB: C2 has compiled the loop by the second

  private DigestWarmUp() {}

  static void startFor(String command) {
    if (!COMMANDS.contains(command) || Runtime.getRuntime().availableProcessors() < 2) {
      return;
    }
    Thread warm = new Thread(DigestWarmUp::warm, "digest-warm-up");
    warm.setDaemon(true);
    warm.start();
  }

  private static void warm() {
    MessageDigest sha = Digest.newMessageDigest("sha256");
    byte[] block = new byte[32 * 1024];
    for (int i = 0; i < ROUNDS; i++) {
      sha.update(block, 0, block.length);
    }
    sha.digest();
  }
}
