package dev.hoist.internal.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The MTU of a bridge network's links (each veth pair, and so the bridge, whose MTU Linux keeps
 * at the smallest of its ports') and of the route that leaves the bridge through its gateway.
 *
 * <p>By default the links take {@link #LOCAL} (65520, the MTU rootlesskit, slirp4netns and pasta
 * give their host-internal links for the same reason) while the container's default route keeps
 * {@link #ROUTED} (1500, Docker's default): traffic that stays on the host (host ↔ container,
 * published ports reached from the host, container ↔ container on one bridge) goes in segments
 * of up to 64 KiB as on the host's loopback, and traffic routed off the bridge is sized as on
 * Docker's bridge. A link MTU of 1500 or less ({@code HOIST_BRIDGE_MTU}) is Docker's behaviour
 * exactly: one MTU for everything, no MTU on the route. See docs/networking.md, "MTU".
 */
public record LinkMtu(int link) {
  /** The default MTU of a bridge's links: what stays on the host goes in 64 KiB segments. */
  public static final int LOCAL = 65520;
  /** The MTU of routes leaving the bridge through its gateway: Docker's default. */
  public static final int ROUTED = 1500;
  public static final LinkMtu DEFAULT = new LinkMtu(LOCAL);
  /** IPv4's smallest MTU, and the largest a veth takes. */
  static final int MIN = 68;
  static final int MAX = 65535;

  public LinkMtu {
    if (link < MIN || link > MAX) {
      throw new IllegalArgumentException("MTU " + link + ": expected " + MIN + " to " + MAX);
    }
  }

  /** {@code value} as an MTU; {@code what} names where it came from in the error. */
  public static LinkMtu parse(String value, String what) {
    try {
      return new LinkMtu(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": MTU " + value.trim()
          + " is not a number (expected " + MIN + " to " + MAX + ")");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
  }

  /**
   * The MTU of a new veth pair on {@code bridge}: this one, or the bridge's when it is smaller
   * and other ports hold it there (a bridge made by an older hoist, containers still on it): a
   * container whose link is larger than the host's side of the bridge would advertise segments
   * the host cannot send it.
   */
  int forNewPort(String bridge) {
    return forNewPort(link, bridgeMtuWithPorts(BridgeNetwork.sysClassNet(bridge)));
  }

  static int forNewPort(int wanted, OptionalInt bridgeWithPorts) {
    return bridgeWithPorts.isPresent() ? Math.min(wanted, bridgeWithPorts.getAsInt()) : wanted;
  }

  /** The bridge's MTU when it has ports (from sysfs, no process), or empty. */
  static OptionalInt bridgeMtuWithPorts(Path sysClassNet) {
    try (Stream<Path> ports = Files.list(sysClassNet.resolve("brif"))) {
      if (ports.findAny().isEmpty()) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(Integer.parseInt(Files.readString(sysClassNet.resolve("mtu")).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** The MTU policy of {@code bridge}'s links: the default bridge's, or the default. */
  static LinkMtu of(String bridge) {
    return bridge.equals(BridgeNetwork.DEFAULT_NAME) ? BridgeNetwork.standard().mtu() : DEFAULT;
  }

  /**
   * The MTU of the default route of a container whose link has {@code linkMtu}: {@link #ROUTED}
   * when the link's is larger, else 0 (none: the link's MTU holds).
   */
  static int routeMtu(int linkMtu) {
    return linkMtu > ROUTED ? ROUTED : 0;
  }
}
