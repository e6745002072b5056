package dev.hoist.internal.runtime.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One published port: the host's {@code hostIp:hostPort} forwarded to the container's
 * {@code containerPort}, for {@code tcp} or {@code udp}. {@code hostIp} empty means every host
 * address ({@code 0.0.0.0}); {@code hostPort} 0 means a free one, chosen when the container
 * starts; {@code hostPortLast} above {@code hostPort} asks for the first free port from
 * {@code hostPort} to {@code hostPortLast} ({@code -p 8000-8010:80}, as Docker's), 0 for
 * {@code hostPort} alone.
 */
public record PortBinding(String hostIp, int hostPort, int containerPort, String protocol,
    int hostPortLast) {

  public PortBinding {
    hostIp = hostIp == null ? "" : hostIp;
    protocol = protocol == null ? "tcp" : protocol;
    if (!hostIp.isEmpty() && !hostIp.equals("0.0.0.0")) {
      Ipv4.parse(hostIp);
    }
    if (hostIp.equals("0.0.0.0")) {
      hostIp = "";
    }
    check(hostPort, 0, "host port");
    check(containerPort, 1, "container port");
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new IllegalArgumentException("port protocol " + protocol + ": tcp or udp");
    }
    if (hostPortLast == hostPort || hostPort == 0) {
      hostPortLast = 0;
    }
    if (hostPortLast != 0) {
      check(hostPortLast, hostPort + 1, "host port");
    }
  }

  /** One host port ({@code 0}: a free one). */
  public PortBinding(String hostIp, int hostPort, int containerPort, String protocol) {
    this(hostIp, hostPort, containerPort, protocol, 0);
  }

  /** The host ports to try, in order (one, or the range's; {@code [0]}: a free one). */
  public int[] hostPorts() {
    if (hostPortLast == 0) {
      return new int[] {hostPort};
    }
    int[] all = new int[hostPortLast - hostPort + 1];
    for (int i = 0; i < all.length; i++) {
      all[i] = hostPort + i;
    }
    return all;
  }

  /** The host port as asked, as Docker's {@code HostConfig} shows it: {@code 8080}, {@code
   * 8000-8010}, or empty for a free one. */
  public String hostPortText() {
    return hostPort == 0 ? "" : hostPortLast == 0 ? Integer.toString(hostPort)
        : hostPort + "-" + hostPortLast;
  }

  private static void check(int port, int min, String what) {
    if (port < min || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + ": expected " + min + " to 65535");
    }
  }

  /** The container's side as Docker keys it: {@code 80/tcp}. */
  public String containerKey() {
    return containerPort + "/" + protocol;
  }

  /** The host address to bind: {@code 0.0.0.0} for every one. */
  public String bindAddress() {
    return hostIp.isEmpty() ? "0.0.0.0" : hostIp;
  }

  /** This binding with the host port the container got. */
  public PortBinding withHostPort(int port) {
    return new PortBinding(hostIp, port, containerPort, protocol, 0);
  }

  /** As {@code docker ps} shows it: {@code 0.0.0.0:8080->80/tcp}. */
  @Override
  public String toString() {
    return bindAddress() + ":" + hostPort + "->" + containerKey();
  }

  /**
   * {@code --expose PORT[-PORT][/PROTO]} (and compose's {@code expose}): the container ports as
   * Docker keys them ({@code 80/tcp}); a host part is refused, as Docker's.
   */
  public static List<String> exposed(String spec) {
    if (spec.contains(":")) {
      throw new IllegalArgumentException("invalid range format for --expose: " + spec);
    }
    return parse(spec).stream().map(PortBinding::containerKey).toList();
  }

  /**
   * {@code -p [IP:][HOSTPORT:]CONTAINERPORT[/PROTO]}, ports or ranges ({@code 8000-8010}); a
   * host range as long as the container's maps port by port, a single container port with a
   * host range takes the first free host port of the range.
   */
  public static List<PortBinding> parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.trim();
    String protocol = "tcp";
    int slash = s.lastIndexOf('/');
    if (slash >= 0) {
      protocol = s.substring(slash + 1).toLowerCase(Locale.ROOT);
      s = s.substring(0, slash);
    }
    String[] parts = s.split(":", -1);
    String ip = "";
    String host = "";
    String container;
    switch (parts.length) {
      case 1 -> container = parts[0];
      case 2 -> {
        host = parts[0];
        container = parts[1];
      }
      case 3 -> {
        ip = parts[0];
        host = parts[1];
        container = parts[2];
      }
      default -> throw new IllegalArgumentException("invalid port " + spec
          + ": expected [IP:][HOSTPORT:]CONTAINERPORT[/tcp|udp]");
    }
    try {
      int[] c = range(container, spec);
      int[] h = host.isEmpty() ? null : range(host, spec);
      List<PortBinding> out = new ArrayList<>();
      int count = c[1] - c[0] + 1;
      if (h != null && count == 1 && h[1] > h[0]) {
        // one container port, a host range: the first free port of the range, as Docker's
        return List.of(new PortBinding(ip, h[0], c[0], protocol, h[1]));
      }
      if (h != null && h[1] - h[0] + 1 != count) {
        throw new IllegalArgumentException("invalid port " + spec
            + ": the host range and the container range differ in length");
      }
      for (int i = 0; i < count; i++) {
        out.add(new PortBinding(ip, h == null ? 0 : h[0] + i, c[0] + i, protocol));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("invalid port") ? e
          : new IllegalArgumentException("invalid port " + spec + ": " + e.getMessage());
    }
  }

  private static int[] range(String text, String spec) {
    int dash = text.indexOf('-');
    try {
      int from = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(text.substring(dash + 1));
      if (to < from) {
        throw new IllegalArgumentException("invalid port " + spec + ": range " + text
            + " ends before it starts");
      }
      return new int[] {from, to};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port " + spec + ": " + text
          + " is not a port or range");
    }
  }
}
