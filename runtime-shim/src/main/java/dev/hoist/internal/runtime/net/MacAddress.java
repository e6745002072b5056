package dev.hoist.internal.runtime.net;

import java.util.Locale;

/** Ethernet addresses of containers' {@code eth0}. */
final class MacAddress {
  private MacAddress() {}

  /** Docker's scheme: {@code 02:42} (locally administered) and the IPv4 address's 4 bytes. */
  static String of(String ipv4) {
    int v = Ipv4.parse(ipv4);
    return String.format(Locale.ROOT, "02:42:%02x:%02x:%02x:%02x", v >>> 24, v >>> 16 & 0xff,
        v >>> 8 & 0xff, v & 0xff);
  }

  /** {@code --mac-address}: six hex pairs, unicast; lower case. */
  static String parse(String mac) {
    String m = mac.trim().toLowerCase(Locale.ROOT);
    if (!m.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw new IllegalArgumentException("--mac-address " + mac
          + ": expected six hex pairs (02:42:ac:11:00:02)");
    }
    if ((Integer.parseInt(m.substring(0, 2), 16) & 1) != 0) {
      throw new IllegalArgumentException("--mac-address " + mac
          + ": a multicast address (the first byte is odd)");
    }
    return m;
  }
}
