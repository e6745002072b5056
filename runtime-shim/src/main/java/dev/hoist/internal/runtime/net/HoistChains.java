package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules in hoist's own chains ({@code HOIST-*} of the {@code nat} and {@code filter} tables)
 * read by the user networks' bridges they name ({@code -i}/{@code -o hoist-<9 hex>}, a port
 * rule's {@code hoist-port:hoist-<9 hex>:ADDRESS} tag): what {@code network rm} and
 * {@code hoist system check} remove once a bridge is gone. Rules in other chains are never
 * touched.
 */
final class HoistChains {
  private static final Pattern BRIDGE = Pattern.compile(
      "(?<![A-Za-z0-9_.-])(" + Pattern.quote(UserNetwork.BRIDGE_PREFIX)
          + "[0-9a-f]{9})(?![A-Za-z0-9_.-])");

  private HoistChains() {}

  /** The user bridges that rules in hoist's chains name. */
  static Set<String> bridgesNamed() throws IOException {
    Set<String> named = new TreeSet<>();
    for (Rule r : rules()) {
      Matcher m = BRIDGE.matcher(r.line());
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    return named;
  }

  /**
   * Removes every rule of hoist's chains that names one of {@code bridges}; how many. Another
   * hoist process removing some of them at the same time (the batch fails whole when one is
   * gone) is no error: what is left is read again.
   */
  static int removeRulesOf(Set<String> bridges) throws IOException {
    if (bridges.isEmpty()) {
      return 0;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return removeOnce(bridges);
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static int removeOnce(Set<String> bridges) throws IOException {
    StringBuilder nat = new StringBuilder("*nat\n");
    StringBuilder filter = new StringBuilder("*filter\n");
    int count = 0;
    for (Rule r : rules()) {
      Matcher m = BRIDGE.matcher(r.line());
      boolean names = false;
      while (!names && m.find()) {
        names = bridges.contains(m.group(1));
      }
      if (names) {
        (r.table().equals("nat") ? nat : filter).append("-D").append(r.line().substring(2))
            .append('\n');
        count++;
      }
    }
    if (count > 0) {
      HostCommand.check(List.of("iptables-restore", "-w", "--noflush"),
          nat.append("COMMIT\n").append(filter).append("COMMIT\n").toString());
    }
    return count;
  }

  /** One {@code -A HOIST-...} line of {@code iptables-save} and its table. */
  private record Rule(String table, String line) {}

  private static List<Rule> rules() throws IOException {
    List<Rule> rules = new ArrayList<>();
    String table = "";
    for (String line : HostCommand.check("iptables-save").split("\n")) {
      if (line.startsWith("*")) {
        table = line.substring(1).trim();
      } else if (line.startsWith("-A HOIST-")
          && (table.equals("nat") || table.equals("filter"))) {
        rules.add(new Rule(table, line));
      }
    }
    return rules;
  }
}
