package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Which checks of hoist's firewall rules need not run again, machine-wide: a check (an
 * {@code iptables-save} and what it adds) that passed is recorded with the host's nf_tables
 * rule-set generation read <em>before</em> it began, in {@code /run/hoist/firewall/<name>}. The
 * kernel counts every change of the rule set up, so while the generation is still the recorded
 * one nothing changed since that check and the rules are still there; any change (a rule added
 * or flushed by anyone) makes the next container check again. Without nf_tables (iptables'
 * legacy back end, whose changes the generation does not count) nothing is recorded.
 */
final class CheckedRules {
  static final Path DIR = Path.of("/run/hoist/firewall");
  private static volatile Boolean nfTables;

  private CheckedRules() {}

  /**
   * Whether the check {@code name} with {@code detail} (what it depends on, e.g. the subnet)
   * passed at {@code generation} and nothing changed since.
   */
  static boolean current(String name, String detail, OptionalLong generation) {
    if (generation.isEmpty() || !iptablesUsesNfTables()) {
      return false;
    }
    try {
      return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8)
          .equals(line(generation.getAsLong(), detail));
    } catch (IOException e) {
      return false;
    }
  }

  /** Records that the check {@code name} passed, begun at {@code generation}. */
  static void passed(String name, String detail, OptionalLong generation) throws IOException {
    if (generation.isEmpty() || !iptablesUsesNfTables()) {
      return;
    }
    Files.createDirectories(DIR);
    Path tmp = DIR.resolve("." + name + "-" + UUID.randomUUID());
    try {
      Files.writeString(tmp, line(generation.getAsLong(), detail), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, DIR.resolve(name), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, DIR.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String line(long generation, String detail) {
    return generation + " " + detail + "\n";
  }

  /** Whether {@code iptables} on the PATH is iptables-nft (the nf_tables back end). */
  static boolean iptablesUsesNfTables() {
    Boolean known = nfTables;
    if (known == null) {
      known = false;
      String path = System.getenv("PATH");
      for (String dir : (path == null ? "/usr/sbin:/sbin:/usr/bin:/bin" : path).split(":")) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, "iptables");
        if (Files.isExecutable(p)) {
          try {
            known = p.toRealPath().getFileName().toString().contains("nft");
          } catch (IOException e) {
            known = false;
          }
          break;
        }
      }
      nfTables = known;
    }
    return known;
  }
}
