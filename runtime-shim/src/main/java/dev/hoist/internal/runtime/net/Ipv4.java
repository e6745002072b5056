package dev.hoist.internal.runtime.net;

/** Dotted-quad IPv4 addresses to and from 32-bit values. */
final class Ipv4 {
  private Ipv4() {}

  static int parse(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    int value = 0;
    for (String p : parts) {
      int octet;
      try {
        octet = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
      } catch (NumberFormatException e) {
        octet = -1;
      }
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + address);
      }
      value = value << 8 | octet;
    }
    return value;
  }

  static String format(int value) {
    return (value >>> 24) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "."
        + (value & 0xff);
  }
}
