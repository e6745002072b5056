package dev.hoist.internal.runtime;

import java.util.List;

/** {@code --add-host NAME:IP} entries as lines of {@code /etc/hosts} ({@code IP\tNAME}). */
final class ExtraHosts {
  /** The address Docker gives the bridge's own address. */
  static final String HOST_GATEWAY = "host-gateway";

  private ExtraHosts() {}

  /** Checks one entry (at {@code hoist run}, before anything is made). */
  static void check(String entry) {
    parse(entry, "10.88.0.1");
  }

  /**
   * @param gateway the bridge's address, for {@code host-gateway} (null: not on the bridge, and
   *     {@code host-gateway} is an error)
   */
  static String lines(List<String> entries, String gateway) {
    StringBuilder out = new StringBuilder();
    for (String e : entries) {
      String[] p = parse(e, gateway);
      out.append(p[1]).append('\t').append(p[0]).append('\n');
    }
    return out.toString();
  }

  private static String[] parse(String entry, String gateway) {
    int sep = entry.indexOf(':');
    int eq = entry.indexOf('=');
    if (eq > 0 && (sep < 0 || eq < sep)) {
      sep = eq; // NAME=IP, as newer Docker takes too
    }
    if (sep <= 0 || sep == entry.length() - 1) {
      throw new IllegalArgumentException("--add-host " + entry + ": expected NAME:IP");
    }
    String name = entry.substring(0, sep);
    String ip = entry.substring(sep + 1);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
      throw new IllegalArgumentException("--add-host " + entry + ": invalid host name " + name);
    }
    if (ip.equals(HOST_GATEWAY)) {
      if (gateway == null) {
        throw new IllegalArgumentException("--add-host " + entry
            + ": host-gateway is the bridge's address, and the container is not on the bridge");
      }
      ip = gateway;
    } else if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !ip.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException("--add-host " + entry + ": invalid IP address " + ip);
    }
    return new String[] {name, ip};
  }
}
