package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Name resolution on user networks: each running member's {@code hosts} file (bind-mounted on
 * its {@code /etc/hosts}) lists, for every user network it is on, every member there by name,
 * aliases and short ID. The files are rewritten in place (truncated and written, never renamed:
 * the bind mount holds the inode) whenever a member joins or leaves, holding the members' lock;
 * only files whose text changes are written. Other names go to the name servers of the
 * container's {@code resolv.conf} (the host's, as {@link ResolvConf} makes it).
 */
final class HostsFiles {
  private HostsFiles() {}

  /** Rewrites every member's file that is not what it should be; returns how many changed. */
  static int rewrite(List<NetworkMembers.Member> members) throws IOException {
    int changed = 0;
    for (NetworkMembers.Member m : members) {
      Path file = Path.of(m.hosts());
      String text = text(m, members);
      try {
        if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
          continue;
        }
        if (!Files.isDirectory(file.getParent())) {
          continue; // removed meanwhile
        }
        // CREATE, TRUNCATE_EXISTING, WRITE: the same inode
        Files.writeString(file, text, StandardCharsets.UTF_8);
        changed++;
      } catch (NoSuchFileException e) {
        // the container's directory went (rm): nothing to keep current
      }
    }
    return changed;
  }

  /** What {@code m}'s hosts file says. */
  static String text(NetworkMembers.Member m, List<NetworkMembers.Member> members) {
    StringBuilder out = new StringBuilder("127.0.0.1\tlocalhost\n"
        + "::1\tlocalhost ip6-localhost ip6-loopback\n");
    m.extraHosts().forEach(line -> out.append(line).append('\n')); // --add-host, as Docker's
    if (!m.interfaces().isEmpty()) {
      out.append(m.interfaces().get(0).address()).append('\t').append(m.hostname()).append('\n');
    }
    for (NetworkMembers.Interface own : m.interfaces()) {
      if (!own.resolvesNames()) {
        continue;
      }
      for (NetworkMembers.Member other : members) {
        other.on(own.networkId()).ifPresent(i -> out.append(line(other, i)));
      }
    }
    return out.toString();
  }

  private static String line(NetworkMembers.Member m, NetworkMembers.Interface i) {
    Set<String> names = new LinkedHashSet<>();
    names.add(m.name());
    names.addAll(i.aliases());
    names.add(m.containerId().substring(0, 12));
    List<String> all = new ArrayList<>(names);
    return i.address() + "\t" + String.join(" ", all) + "\n";
  }
}
