package dev.hoist.internal.runtime.net;

import java.util.Objects;

/**
 * An IPv4 network in CIDR form ({@code 10.88.0.0/16}): its first address is the network, the
 * second the gateway (the bridge's own address), the last the broadcast; containers get the ones
 * between.
 *
 * @param base the network address as an unsigned 32-bit value
 * @param prefix the prefix length, 0 to 32
 */
public record Subnet(int base, int prefix) {

  public Subnet {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("subnet prefix /" + prefix + ": expected /0 to /32");
    }
    if ((base & mask(prefix)) != base) {
      throw new IllegalArgumentException(Ipv4.format(base) + "/" + prefix
          + " is not a network address (host bits set)");
    }
  }

  /** {@code a.b.c.d/n}. */
  public static Subnet parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("subnet " + cidr + ": expected a.b.c.d/n");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("subnet " + cidr + ": expected a.b.c.d/n");
    }
    return new Subnet(Ipv4.parse(cidr.substring(0, slash)), prefix);
  }

  static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** How many addresses the subnet spans (network and broadcast included). */
  public long size() {
    return 1L << (32 - prefix);
  }

  /** The bridge's address: the first after the network address. */
  public String gateway() {
    return Ipv4.format(base + 1);
  }

  /** The address {@code offset} places after the network address. */
  public String address(long offset) {
    if (offset < 0 || offset >= size()) {
      throw new IllegalArgumentException("offset " + offset + " outside " + this);
    }
    return Ipv4.format((int) (base + offset));
  }

  /** The first address containers get (after the gateway). */
  static long firstHostOffset() {
    return 2;
  }

  /** The last address containers get (before the broadcast address). */
  long lastHostOffset() {
    return size() - 2;
  }

  public boolean contains(String address) {
    return (Ipv4.parse(address) & mask(prefix)) == base;
  }

  /** Whether the two networks share an address. */
  public boolean overlaps(Subnet other) {
    int m = mask(Math.min(prefix, other.prefix));
    return (base & m) == (other.base & m);
  }

  /** The subnet of the same size right after this one ({@code 10.88.0.0/16} → {@code 10.89.0.0/16}). */
  Subnet next() {
    long after = (base & 0xffffffffL) + size();
    if (after > 0xffffffffL) {
      throw new IllegalArgumentException("no subnet after " + this);
    }
    return new Subnet((int) after, prefix);
  }

  @Override
  public String toString() {
    return Ipv4.format(base) + "/" + prefix;
  }
}
