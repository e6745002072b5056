package dev.hoist.internal.compose;

/**
 * One published or container port of a service, in the long syntax every short one is read
 * into ({@code "127.0.0.1:8080:80/udp"}: host IP, published, target, protocol); a range in the
 * short syntax becomes one of these per port.
 *
 * @param hostIp the host address to bind ({@code ""}: all)
 * @param published the host port ({@code ""}: none published, or any free one with a target)
 * @param target the container port
 * @param protocol {@code tcp} or {@code udp}
 */
public record PortConfig(String hostIp, String published, int target, String protocol) {
  public PortConfig {
    hostIp = hostIp == null ? "" : hostIp;
    published = published == null ? "" : published;
    protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
  }

  /** As {@code docker run -p} takes it. */
  public String publishSpec() {
    String ip = hostIp.isEmpty() ? "" : (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":";
    String spec = published.isEmpty() ? (ip.isEmpty() ? "" : ip + ":") : ip + published + ":";
    return spec + target + "/" + protocol;
  }
}
